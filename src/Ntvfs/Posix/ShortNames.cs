namespace Ntvfs.Posix;

/// <summary>
/// 8.3 (DOS) names. A name that already fits 8.3 is its own alternate name; any other gets a
/// generated one (MS-FSCC 2.1.5.2.1), computed from the long name alone so that every loop, thread
/// and restart agrees without storing it: up to <see cref="PrefixLength"/> characters of the stem,
/// '~', two base-36 characters of a hash of the whole upper-cased name, and up to three characters
/// of the extension ("Program Files" becomes "PROGR~K7"). Clients may open a file by that name;
/// <see cref="NameLookup"/> resolves it back by generating the names of the directory's entries.
/// </summary>
public static class ShortNames
{
    /// <summary>Stem characters kept before the '~': 5, leaving 8 - 5 - 1 = 2 for the hash.</summary>
    public const int PrefixLength = 5;

    /// <summary>Longest 8.3 name: 8 + '.' + 3.</summary>
    public const int MaxLength = 12;

    private const string Base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>
    /// The alternate name a directory listing reports (FILE_BOTH_DIR_INFORMATION ShortName): empty for
    /// a name that fits 8.3, as NTFS leaves it; otherwise the generated name. Returns its length in
    /// <paramref name="destination"/> (at least <see cref="MaxLength"/> characters).
    /// </summary>
    public static int ListingName(ReadOnlySpan<char> longName, Span<char> destination)
        => longName is "." or ".." || IsValid83(longName) ? 0 : Generate(longName, destination);

    /// <summary>The alternate name FileAlternateNameInformation reports: the name itself when it fits 8.3.</summary>
    public static string AlternateName(string longName)
    {
        if (IsValid83(longName)) return longName;
        Span<char> buffer = stackalloc char[MaxLength];
        return new string(buffer[..Generate(longName, buffer)]);
    }

    /// <summary>Whether <paramref name="name"/> could be a generated name (worth resolving back).</summary>
    public static bool LooksGenerated(ReadOnlySpan<char> name) => name.Contains('~') && IsValid83(name);

    /// <summary>Whether the generated name of <paramref name="longName"/> is <paramref name="shortName"/>, ignoring case.</summary>
    public static bool Matches(string longName, ReadOnlySpan<char> shortName)
    {
        if (IsValid83(longName)) return false;
        Span<char> buffer = stackalloc char[MaxLength];
        int n = Generate(longName, buffer);
        return buffer[..n].Equals(shortName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Generates the 8.3 name of <paramref name="longName"/> into <paramref name="destination"/>; returns its length.</summary>
    public static int Generate(ReadOnlySpan<char> longName, Span<char> destination)
    {
        // The extension is what follows the last dot, unless the name starts with its only dot (".profile").
        int dot = longName.LastIndexOf('.');
        var stem = dot > 0 ? longName[..dot] : longName;
        var ext = dot > 0 ? longName[(dot + 1)..] : default;

        int n = 0;
        foreach (char c in stem)
        {
            if (n == PrefixLength) break;
            if (TryMap(c, out char mapped)) destination[n++] = mapped;
        }
        if (n == 0) destination[n++] = '_';

        uint hash = Hash(longName);
        destination[n++] = '~';
        destination[n++] = Base36[(int)(hash % 36)];
        destination[n++] = Base36[(int)(hash / 36 % 36)];

        int extStart = n + 1, e = 0;
        foreach (char c in ext)
        {
            if (e == 3) break;
            if (TryMap(c, out char mapped)) destination[extStart + e++] = mapped;
        }
        if (e == 0) return n;
        destination[n] = '.';
        return extStart + e;
    }

    /// <summary>FNV-1a over the upper-cased UTF-16 code units: names equal ignoring case get one short name.</summary>
    private static uint Hash(ReadOnlySpan<char> name)
    {
        uint h = 2166136261;
        foreach (char c in name)
        {
            char u = char.ToUpperInvariant(c);
            h = (h ^ (byte)u) * 16777619;
            h = (h ^ (byte)(u >> 8)) * 16777619;
        }
        return h;
    }

    /// <summary>Upper-cased printable ASCII that 8.3 names allow; spaces, dots, other characters and non-ASCII are dropped.</summary>
    private static bool TryMap(char c, out char mapped)
    {
        mapped = char.ToUpperInvariant(c);
        if (mapped is <= ' ' or > (char)0x7E or '.' or '~') return false;
        return !"\"*+,/:;<=>?[\\]|".Contains(mapped);
    }

    /// <summary>
    /// True for a name of at most 8 characters, optionally a dot and at most 3 more, all printable
    /// ASCII and none of the characters 8.3 names exclude (MS-FSCC 2.1.5.2.1).
    /// </summary>
    public static bool IsValid83(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || name is "." or "..") return false;
        int dot = name.IndexOf('.');
        var stem = dot < 0 ? name : name[..dot];
        var ext = dot < 0 ? default : name[(dot + 1)..];
        if (stem.Length is 0 or > 8 || ext.Length > 3 || ext.Contains('.')) return false;
        if (dot >= 0 && ext.Length == 0) return false;
        foreach (char c in name)
        {
            if (c is < (char)0x21 or > (char)0x7E) return false;
            if ("\"*+,/:;<=>?[\\]|".Contains(c)) return false;
        }
        return true;
    }
}
