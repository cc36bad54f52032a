namespace SmbServer.Configuration;

/// <summary>
/// `*` (any run of characters) and `?` (one character) matching, as smb.conf uses for veto files
/// and address patterns. Iterative with one backtrack point, so it is linear-ish and cannot recurse deeply.
/// </summary>
public static class Wildcard
{
    public static bool IsPattern(string text) => text.AsSpan().IndexOfAny('*', '?') >= 0;

    public static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, bool ignoreCase)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || CharEquals(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    private static bool CharEquals(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
