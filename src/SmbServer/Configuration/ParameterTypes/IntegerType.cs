using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>A decimal integer within [Min, Max].</summary>
public sealed class IntegerType(int min, int max) : ParameterType<int>
{
    public int Min { get; } = min;
    public int Max { get; } = max;

    public override string Syntax => Max == int.MaxValue ? $"integer >= {Min}" : $"integer {Min}-{Max}";

    public override bool TryParse(string text, out int value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = "expected an integer";
            return false;
        }
        if (value < Min || value > Max)
        {
            error = Max == int.MaxValue ? $"must be at least {Min}" : $"must be between {Min} and {Max}";
            return false;
        }
        error = null;
        return true;
    }

    public override string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
