using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>A non-empty list of TCP ports (1-65535).</summary>
public sealed class PortListType : ParameterType<IReadOnlyList<int>>
{
    public static PortListType Instance { get; } = new();

    public override string Syntax => "list of TCP ports (1-65535)";

    public override bool TryParse(string text, [MaybeNullWhen(false)] out IReadOnlyList<int> value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        value = null;
        var ports = new List<int>();
        foreach (var item in SmbConfList.Split(text))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535)
            {
                error = $"'{item}' is not a TCP port (1-65535)";
                return false;
            }
            if (ports.Contains(port))
            {
                warnings.Add($"port {port} is listed more than once");
                continue;
            }
            ports.Add(port);
        }
        if (ports.Count == 0)
        {
            error = "at least one port is needed";
            return false;
        }
        value = ports;
        error = null;
        return true;
    }

    public override string Format(IReadOnlyList<int> value) =>
        string.Join(", ", value.Select(p => p.ToString(CultureInfo.InvariantCulture)));
}
