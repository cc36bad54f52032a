using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>The value of `hosts allow` / `hosts deny`: see <see cref="HostPattern"/> and <see cref="HostList"/>.</summary>
public sealed class HostListType : ParameterType<HostList>
{
    public static HostListType Instance { get; } = new();

    public override string Syntax => "list of addresses, prefixes (192.168.1.), networks (10.0.0.0/8, 10.0.0.0/255.0.0.0), ALL, localhost, EXCEPT";

    public override bool TryParse(string text, [MaybeNullWhen(false)] out HostList value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        value = null;
        var patterns = new List<HostPattern>();
        foreach (var item in SmbConfList.Split(text))
        {
            var pattern = HostPattern.Parse(item);
            switch (pattern.Kind)
            {
                case HostPatternKind.Invalid:
                    error = $"'{item}' is not a valid network (address/prefix-length or address/mask)";
                    return false;
                case HostPatternKind.Unsupported:
                    warnings.Add($"'{item}': host names, domains and netgroups are not supported (no name lookups are done); this entry never matches");
                    break;
            }
            patterns.Add(pattern);
        }
        for (var i = 0; i < patterns.Count; i++)
        {
            if (patterns[i].Kind == HostPatternKind.Except
                && (i == 0 || i == patterns.Count - 1 || patterns[i - 1].Kind == HostPatternKind.Except))
            {
                error = "EXCEPT must stand between two lists of entries";
                return false;
            }
        }
        value = new HostList(patterns);
        error = null;
        return true;
    }

    public override string Format(HostList value) => value.ToString();
}
