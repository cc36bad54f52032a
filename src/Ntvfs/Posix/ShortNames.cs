namespace Ntvfs.Posix;

/// <summary>8.3 (DOS) name rules, for the names that can serve as their own alternate name.</summary>
public static class ShortNames
{
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
