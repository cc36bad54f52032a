using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>A Unix permission mode written in octal (0744; the leading 0 is optional), at most 07777.</summary>
public sealed class OctalModeType : ParameterType<int>
{
    public static OctalModeType Instance { get; } = new();

    public override string Syntax => "octal mode (0000-7777)";

    public override bool TryParse(string text, out int value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        value = 0;
        error = null;
        if (text.Length == 0 || text.Length > 5 || text.Any(c => c < '0' || c > '7'))
        {
            error = "expected an octal mode such as 0755";
            return false;
        }
        foreach (var c in text)
            value = value * 8 + (c - '0');
        if (value > 0xFFF)
        {
            error = "a mode is at most 07777";
            return false;
        }
        return true;
    }

    public override string Format(int value) => Convert.ToString(value, 8).PadLeft(4, '0');
}
