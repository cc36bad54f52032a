using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>A list of free-form entries (possibly empty).</summary>
public sealed class StringListType : ParameterType<IReadOnlyList<string>>
{
    public static StringListType Instance { get; } = new();

    public override string Syntax => "list";

    public override bool TryParse(string text, [MaybeNullWhen(false)] out IReadOnlyList<string> value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        value = SmbConfList.Split(text);
        error = null;
        return true;
    }

    public override string Format(IReadOnlyList<string> value) => SmbConfList.Join(value);
}
