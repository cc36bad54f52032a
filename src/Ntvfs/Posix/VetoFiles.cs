namespace Ntvfs.Posix;

/// <summary>
/// The `veto files` share option: names that are neither visible nor accessible.
/// Syntax as in smb.conf: patterns separated by '/', e.g. "/*.tmp/.DS_Store/Thumbs.db/", with the
/// wildcards '*' and '?' (<see cref="WildcardSyntax.Simple"/>); spaces are part of a pattern.
/// </summary>
/// <remarks>
/// Matching is per path component, case-insensitive unless the share is case sensitive. A vetoed
/// component anywhere in a path makes the path resolve as if it did not exist (NAME_NOT_FOUND as the
/// last component, PATH_NOT_FOUND in the middle), and directory listings skip vetoed entries.
/// </remarks>
public sealed class VetoFiles
{
    private readonly WildcardMatcher[] _patterns;

    private VetoFiles(WildcardMatcher[] patterns) => _patterns = patterns;

    public static VetoFiles None { get; } = new([]);

    public bool IsEmpty => _patterns.Length == 0;

    public IEnumerable<string> Patterns => _patterns.Select(p => p.Expression);

    /// <summary>Parses the option value; null or empty means no veto. Empty entries ("//") are skipped.</summary>
    public static VetoFiles Parse(string? option, bool caseSensitive = false)
    {
        if (string.IsNullOrEmpty(option))
            return None;
        var patterns = option.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => WildcardMatcher.Create(p, ignoreCase: !caseSensitive, WildcardSyntax.Simple))
            .ToArray();
        return patterns.Length == 0 ? None : new VetoFiles(patterns);
    }

    /// <summary>True if one path component (a name, not a path) matches any pattern.</summary>
    public bool IsVetoed(ReadOnlySpan<char> name)
    {
        foreach (WildcardMatcher p in _patterns)
        {
            if (p.IsMatch(name))
                return true;
        }
        return false;
    }
}
