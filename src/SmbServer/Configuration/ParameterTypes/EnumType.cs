using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>
/// One of a fixed set of spellings, each naming a value of <typeparamref name="T"/>. Spellings
/// compare like parameter names: case and whitespace do not matter ("Bad User" = "bad user").
/// Some spellings can be known but refused, with a message saying why.
/// </summary>
public sealed class EnumType<T> : ParameterType<T> where T : notnull
{
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rejected = new(StringComparer.Ordinal);
    private readonly Dictionary<T, string> _canonical = [];
    private readonly List<string> _spellings = [];

    /// <param name="spellings">Accepted spellings; the first spelling of each value is its canonical form.</param>
    /// <param name="rejected">Known spellings that are refused, with the reason.</param>
    public EnumType(IEnumerable<(string Spelling, T Value)> spellings, IEnumerable<(string Spelling, string Reason)>? rejected = null)
    {
        foreach (var (spelling, value) in spellings)
        {
            _values.Add(SmbConfParameters.NormalizeName(spelling), value);
            _spellings.Add(spelling);
            _canonical.TryAdd(value, spelling);
        }
        foreach (var (spelling, reason) in rejected ?? [])
            _rejected.Add(SmbConfParameters.NormalizeName(spelling), reason);
    }

    /// <summary>Every accepted spelling, canonical ones first in declaration order.</summary>
    public IReadOnlyList<string> Spellings => _spellings;

    public override string Syntax => "one of: " + string.Join(", ", _spellings);

    public override bool TryParse(string text, [MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        var key = SmbConfParameters.NormalizeName(text);
        if (_values.TryGetValue(key, out value))
        {
            error = null;
            return true;
        }
        error = _rejected.TryGetValue(key, out var reason)
            ? reason
            : "expected one of: " + string.Join(", ", _spellings);
        return false;
    }

    public override string Format(T value) => _canonical[value];
}
