using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>yes/no, true/false, on/off, 1/0 in any case, as Samba accepts them.</summary>
public sealed class BooleanType : ParameterType<bool>
{
    public static BooleanType Instance { get; } = new();

    public override string Syntax => "boolean (yes/no, true/false, on/off, 1/0)";

    public override bool TryParse(string text, out bool value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        error = null;
        switch (text.ToLowerInvariant())
        {
            case "yes" or "true" or "on" or "1":
                value = true;
                return true;
            case "no" or "false" or "off" or "0":
                value = false;
                return true;
            default:
                value = false;
                error = "expected a boolean (yes/no, true/false, on/off, 1/0)";
                return false;
        }
    }

    public override string Format(bool value) => value ? "Yes" : "No";
}
