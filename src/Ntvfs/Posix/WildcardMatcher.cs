using System.Buffers;
using System.Text;

namespace Ntvfs.Posix;

/// <summary>Which characters of an expression are wildcards.</summary>
public enum WildcardSyntax
{
    /// <summary>MS-FSA 2.1.4.4: '*', '?', and the DOS wildcards '&lt;' (DOS_STAR), '&gt;' (DOS_QM), '"' (DOS_DOT).</summary>
    Dos,
    /// <summary>Only '*' and '?' (smb.conf patterns such as `veto files`); every other character is literal.</summary>
    Simple,
}

/// <summary>
/// Matches file names against a QUERY_DIRECTORY search pattern with the semantics of MS-FSA 2.1.4.4
/// ("Algorithm for Determining if a FileName Is in an Expression", FsRtlIsNameInExpression).
/// Compile once per search with <see cref="Create"/>, then call <see cref="IsMatch"/> per entry.
/// </summary>
/// <remarks>
/// Wildcards (MS-FSA 2.1.4.4, Part 2):
/// <list type="bullet">
/// <item>'*' matches zero or more characters.</item>
/// <item>'?' matches exactly one character.</item>
/// <item>DOS_DOT '"' matches a period, or zero characters at the end of the name.</item>
/// <item>DOS_QM '&gt;' matches one character; at a period or at the end of the name it matches
/// nothing and lets the expression move past it (so "a&gt;&gt;&gt;.txt" matches "ab.txt").</item>
/// <item>DOS_STAR '&lt;' matches zero or more characters up to, but not including, the last period
/// of the name.</item>
/// </list>
/// Part 1 shortcuts: an empty name matches only an empty expression; "*" and "*.*" match every
/// name; "*" followed by literal text compares the tail of the name.
/// The matcher is a set-of-states automaton over the compiled expression, O(name x expression)
/// with no backtracking, so a hostile pattern like "*a*a*a*a*b" cannot make it slow.
/// Case-insensitive comparison upper-cases both sides per Unicode scalar with
/// <see cref="Rune.ToUpperInvariant"/>, the mapping string.Equals(..., OrdinalIgnoreCase) uses, so
/// a pattern and a name lookup agree. NTFS compares with the volume's upcase table instead, which
/// covers the BMP only; the two agree on the BMP letters clients use in practice.
/// Deliberate difference: '?' and DOS_QM match one Unicode scalar, so one '?' matches an emoji
/// written as a surrogate pair (Windows counts UTF-16 units and needs "??").
/// </remarks>
public sealed class WildcardMatcher
{
    private enum Kind : byte { Literal, Star, One, DosStar, DosQm, DosDot }

    private readonly record struct Element(Kind Kind, Rune Literal);

    private readonly Element[] _elements;
    private readonly bool _ignoreCase;
    private readonly Shape _shape;
    private readonly string _tail; // literal tail for Shape.StarThenLiteral, whole text for Shape.Literal

    private enum Shape { MatchAll, Literal, StarThenLiteral, General }

    private WildcardMatcher(string expression, Element[] elements, bool ignoreCase, Shape shape, string tail)
    {
        Expression = expression;
        _elements = elements;
        _ignoreCase = ignoreCase;
        _shape = shape;
        _tail = tail;
    }

    public string Expression { get; }

    /// <summary>True for "*" and "*.*": every entry matches, no per-name work.</summary>
    public bool MatchesAll => _shape == Shape.MatchAll;

    /// <summary>True when the expression has no wildcard: a single-name lookup, not a scan.</summary>
    public bool IsLiteral => _shape == Shape.Literal;

    /// <summary>MS-FSA 2.1.4.3: does the expression contain any of * ? &lt; &gt; "?</summary>
    public static bool ContainsWildcards(ReadOnlySpan<char> expression, WildcardSyntax syntax = WildcardSyntax.Dos)
        => syntax == WildcardSyntax.Dos
            ? expression.IndexOfAny("*?<>\"") >= 0
            : expression.IndexOfAny('*', '?') >= 0;

    public static bool IsNameInExpression(string expression, ReadOnlySpan<char> name, bool ignoreCase = true)
        => Create(expression, ignoreCase).IsMatch(name);

    public static WildcardMatcher Create(string expression, bool ignoreCase = true,
        WildcardSyntax syntax = WildcardSyntax.Dos)
    {
        if (syntax == WildcardSyntax.Dos && expression is "*" or "*.*")
            return new WildcardMatcher(expression, [], ignoreCase, Shape.MatchAll, "");
        if (syntax == WildcardSyntax.Simple && expression == "*")
            return new WildcardMatcher(expression, [], ignoreCase, Shape.MatchAll, "");
        if (!ContainsWildcards(expression, syntax))
            return new WildcardMatcher(expression, [], ignoreCase, Shape.Literal, expression);
        if (expression.Length > 1 && expression[0] == '*' && !ContainsWildcards(expression.AsSpan(1), syntax))
            return new WildcardMatcher(expression, [], ignoreCase, Shape.StarThenLiteral, expression[1..]);

        var elements = new List<Element>(expression.Length);
        foreach (Rune r in expression.EnumerateRunes())
        {
            Kind kind = r.Value switch
            {
                '*' => Kind.Star,
                '?' => Kind.One,
                '<' when syntax == WildcardSyntax.Dos => Kind.DosStar,
                '>' when syntax == WildcardSyntax.Dos => Kind.DosQm,
                '"' when syntax == WildcardSyntax.Dos => Kind.DosDot,
                _ => Kind.Literal,
            };
            // Consecutive '*' are one '*'.
            if (kind == Kind.Star && elements.Count > 0 && elements[^1].Kind == Kind.Star)
                continue;
            elements.Add(new Element(kind, ignoreCase ? Rune.ToUpperInvariant(r) : r));
        }
        return new WildcardMatcher(expression, elements.ToArray(), ignoreCase, Shape.General, "");
    }

    public bool IsMatch(ReadOnlySpan<char> name)
    {
        StringComparison comparison = _ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        switch (_shape)
        {
            case Shape.MatchAll:
                return !name.IsEmpty;
            case Shape.Literal:
                return name.Equals(_tail, comparison);
            case Shape.StarThenLiteral:
                return name.EndsWith(_tail, comparison);
        }
        if (name.IsEmpty)
            return _elements.Length == 0;

        int states = _elements.Length + 1; // state i: next element to match is i; state Length: accept
        bool[]? rented = null;
        Span<bool> buffer = states * 2 <= 512 ? stackalloc bool[states * 2] : (rented = ArrayPool<bool>.Shared.Rent(states * 2));
        try
        {
            Span<bool> current = buffer[..states];
            Span<bool> next = buffer.Slice(states, states);
            current.Clear();
            int lastDot = name.LastIndexOf('.');

            int pos = 0;
            Rune c = Rune.DecodeFromUtf16(name, out Rune first, out int width) == OperationStatus.Done ? first : Rune.ReplacementChar;
            current[0] = true;
            Close(current, atEnd: false, c);

            while (true)
            {
                Rune upper = _ignoreCase ? Rune.ToUpperInvariant(c) : c;
                bool isDot = c.Value == '.';
                bool canEatDot = pos < lastDot; // a later period exists, so this one is not the last
                next.Clear();
                bool any = false;
                for (int s = 0; s < _elements.Length; s++)
                {
                    if (!current[s]) continue;
                    Element e = _elements[s];
                    switch (e.Kind)
                    {
                        case Kind.Star:
                            next[s] = any = true;
                            break;
                        case Kind.DosStar:
                            if (!isDot || canEatDot) next[s] = any = true;
                            break;
                        case Kind.One:
                            next[s + 1] = any = true;
                            break;
                        case Kind.DosQm:
                            if (!isDot) next[s + 1] = any = true;
                            break;
                        case Kind.DosDot:
                            if (isDot) next[s + 1] = any = true;
                            break;
                        case Kind.Literal:
                            if (e.Literal == upper) next[s + 1] = any = true;
                            break;
                    }
                }
                if (!any) return false;

                pos += width;
                bool atEnd = pos >= name.Length;
                if (!atEnd)
                    c = Rune.DecodeFromUtf16(name[pos..], out Rune r, out width) == OperationStatus.Done ? r : Rune.ReplacementChar;
                Close(next, atEnd, c);
                Span<bool> swap = current;
                current = next;
                next = swap;
                if (atEnd) return current[_elements.Length];
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<bool>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Adds the states reachable without consuming a character, given what comes next: the next
    /// character <paramref name="c"/>, or the end of the name.
    /// </summary>
    private void Close(Span<bool> states, bool atEnd, Rune c)
    {
        bool isDot = !atEnd && c.Value == '.';
        // Elements only ever move forward, so one left-to-right pass reaches the fixed point.
        for (int s = 0; s < _elements.Length; s++)
        {
            if (!states[s]) continue;
            bool epsilon = _elements[s].Kind switch
            {
                Kind.Star or Kind.DosStar => true,
                Kind.DosQm => atEnd || isDot,
                Kind.DosDot => atEnd,
                _ => false,
            };
            if (epsilon) states[s + 1] = true;
        }
    }
}
