using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Configuration;

/// <summary>
/// How a parameter's text becomes a value and back. One instance per kind of value; the
/// registry (<see cref="SmbConfParameters"/>) pairs each parameter with one.
/// </summary>
public abstract class ParameterType
{
    /// <summary>What values look like, for the reference documentation ("boolean", "integer 0-10").</summary>
    public abstract string Syntax { get; }

    internal abstract bool TryParseBoxed(string text, [NotNullWhen(true)] out object? value,
        [NotNullWhen(false)] out string? error, List<string> warnings);

    internal abstract string FormatBoxed(object value);
}

/// <summary>A parameter type whose values are <typeparamref name="T"/>.</summary>
public abstract class ParameterType<T> : ParameterType where T : notnull
{
    /// <summary>
    /// Parses <paramref name="text"/> (already trimmed). Returns false with a reason in
    /// <paramref name="error"/> for an invalid value; adds to <paramref name="warnings"/> for a
    /// value that is accepted but partly without effect.
    /// </summary>
    public abstract bool TryParse(string text, [MaybeNullWhen(false)] out T value,
        [NotNullWhen(false)] out string? error, List<string> warnings);

    /// <summary>The canonical text of a value, as the configuration dump prints it.</summary>
    public abstract string Format(T value);

    internal sealed override bool TryParseBoxed(string text, [NotNullWhen(true)] out object? value,
        [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        if (TryParse(text, out var typed, out error, warnings))
        {
            value = typed;
            return true;
        }
        value = null;
        return false;
    }

    internal sealed override string FormatBoxed(object value) => Format((T)value);
}
