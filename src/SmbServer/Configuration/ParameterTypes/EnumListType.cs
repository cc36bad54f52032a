using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>A non-empty list of enum spellings, in order of preference, without duplicates.</summary>
public sealed class EnumListType<T>(EnumType<T> element) : ParameterType<IReadOnlyList<T>> where T : notnull
{
    public EnumType<T> Element { get; } = element;

    public override string Syntax => "list of: " + string.Join(", ", Element.Spellings);

    public override bool TryParse(string text, [MaybeNullWhen(false)] out IReadOnlyList<T> value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        value = null;
        var list = new List<T>();
        foreach (var item in SmbConfList.Split(text))
        {
            if (!Element.TryParse(item, out var v, out var itemError, warnings))
            {
                error = $"'{item}': {itemError}";
                return false;
            }
            if (list.Contains(v))
            {
                warnings.Add($"'{item}' is listed more than once");
                continue;
            }
            list.Add(v);
        }
        if (list.Count == 0)
        {
            error = "the list must name at least one value";
            return false;
        }
        value = list;
        error = null;
        return true;
    }

    public override string Format(IReadOnlyList<T> value) => string.Join(", ", value.Select(Element.Format));
}
