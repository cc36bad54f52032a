using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>Free text, optionally limited in length.</summary>
public sealed class StringType(int maxLength = int.MaxValue) : ParameterType<string>
{
    public static StringType Instance { get; } = new();

    public int MaxLength { get; } = maxLength;

    public override string Syntax => MaxLength == int.MaxValue ? "string" : $"string (at most {MaxLength} characters)";

    public override bool TryParse(string text, [MaybeNullWhen(false)] out string value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        if (text.Length > MaxLength)
        {
            value = null;
            error = $"at most {MaxLength} characters";
            return false;
        }
        value = text;
        error = null;
        return true;
    }

    public override string Format(string value) => value;
}
