using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>The value of `interfaces`: see <see cref="InterfaceEntry"/>.</summary>
public sealed class InterfaceListType : ParameterType<IReadOnlyList<InterfaceEntry>>
{
    public static InterfaceListType Instance { get; } = new();

    public override string Syntax => "list of interface names, addresses and networks";

    public override bool TryParse(string text, [MaybeNullWhen(false)] out IReadOnlyList<InterfaceEntry> value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        value = null;
        var entries = new List<InterfaceEntry>();
        foreach (var raw in SmbConfList.Split(text))
        {
            var item = raw;
            // Samba allows per-interface options after ';' (speed, capability): we have no use for them.
            var semicolon = item.IndexOf(';');
            if (semicolon >= 0)
            {
                warnings.Add($"'{item}': interface options after ';' are ignored");
                item = item[..semicolon];
            }
            if (!InterfaceEntry.TryParse(item, out var entry, out error))
                return false;
            entries.Add(entry);
        }
        value = entries;
        error = null;
        return true;
    }

    public override string Format(IReadOnlyList<InterfaceEntry> value) => string.Join(", ", value.Select(e => e.Text));
}
