namespace SmbServer.Configuration;

/// <summary>
/// The value of `veto files`: names between slashes (`/*.tmp/.DS_Store/Thumbs.db/`), each a
/// `*`/`?` pattern matched against one path component, ignoring case (names on a share are
/// case-insensitive, see `case sensitive`).
/// </summary>
public sealed class VetoFiles
{
    public static VetoFiles None { get; } = new([]);

    public VetoFiles(IReadOnlyList<string> patterns) => Patterns = patterns;

    public IReadOnlyList<string> Patterns { get; }

    public bool IsEmpty => Patterns.Count == 0;

    public static VetoFiles Parse(string text) =>
        new(text.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Whether a single name (not a path) is vetoed.</summary>
    public bool IsVetoed(ReadOnlySpan<char> name)
    {
        foreach (var pattern in Patterns)
        {
            if (Wildcard.Match(pattern, name, ignoreCase: true))
                return true;
        }
        return false;
    }

    /// <summary>Whether any component of a share-relative path (`\` or `/` separated) is vetoed.</summary>
    public bool IsPathVetoed(string path)
    {
        if (IsEmpty)
            return false;
        foreach (var component in path.Split('\\', '/'))
        {
            if (component.Length > 0 && IsVetoed(component))
                return true;
        }
        return false;
    }

    public override string ToString() => Patterns.Count == 0 ? "" : "/" + string.Join('/', Patterns) + "/";
}
