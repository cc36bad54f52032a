using Ntvfs.Posix;

namespace Ntvfs.Tests.Posix;

public class WildcardMatcherTests
{
    // Cases worked from the rules of MS-FSA 2.1.4.4 (Part 1 shortcuts, Part 2 wildcard meanings).
    [Theory]
    // Part 1: empty strings and "*" / "*.*".
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("*", "", false)]
    [InlineData("*", "anything.at.all", true)]
    [InlineData("*.*", "noextension", true)]
    [InlineData("*.*", "a.b", true)]
    // '*' followed by literal text compares the tail.
    [InlineData("*.txt", "file.txt", true)]
    [InlineData("*.txt", "FILE.TXT", true)]
    [InlineData("*.txt", ".txt", true)]
    [InlineData("*.txt", "file.txt.bak", false)]
    [InlineData("*.txt", "txt", false)]
    // '?' is exactly one character.
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("a?c", "abbc", false)]
    [InlineData("*.t?t", "a.txt", true)]
    [InlineData("*.t?t", "a.tt", false)]
    // '*' in the middle, several stars.
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("*ab*", "xxabyy", true)]
    // DOS_STAR '<': any characters up to the last period.
    [InlineData("<.txt", "a.txt", true)]
    [InlineData("<.txt", "a.b.txt", true)]
    [InlineData("<.txt", "a.txt.txt", true)]
    [InlineData("<.txt", "atxt", false)]
    [InlineData("<", "noext", true)]
    [InlineData("<", "a.txt", false)]
    [InlineData("<.<", "a.b.c", true)]
    // DOS_QM '>': one character, or nothing at a period / the end.
    [InlineData("file>>>.t>t", "file.txt", true)]
    [InlineData("file>>>.t>t", "fileabc.tzt", true)]
    [InlineData("file>>>.t>t", "fileabcd.txt", false)]
    [InlineData("file>>>.t>t", "file.tt", false)]
    [InlineData(">>>>>>>>.>>>", "readme.txt", true)]
    [InlineData(">>>>>>>>.>>>", "readme.c", true)]
    [InlineData(">>>>>>>>.>>>", "toolongname.txt", false)]
    [InlineData("ab>", "ab", true)]
    [InlineData("ab>", "abc", true)]
    [InlineData("ab>", "abcd", false)]
    // DOS_DOT '"': a period, or nothing at the end.
    [InlineData("\"", ".", true)]
    [InlineData("\"", "a", false)]
    [InlineData("a\"", "a", true)]
    [InlineData("a\"", "a.", true)]
    [InlineData("a\"b", "a.b", true)]
    [InlineData("a\"b", "ab", false)]
    [InlineData("<\"*", "name", true)]
    // Literal names: one comparison, ignoring case.
    [InlineData("Report.TXT", "report.txt", true)]
    [InlineData("Report.TXT", "report.txt2", false)]
    // Unicode: case folding beyond ASCII, and '?' is one scalar (an emoji is a surrogate pair).
    [InlineData("ÉTÉ*", "été.txt", true)]
    [InlineData("*.ДОК", "файл.док", true)]
    [InlineData("?", "\U0001F600", true)]
    [InlineData("??", "\U0001F600", false)]
    [InlineData("a?b", "a\U0001F600b", true)]
    [InlineData("\U0001F600*", "\U0001F600.png", true)]
    [InlineData("*\U00010428", "x\U00010400", true)] // Deseret small/capital long I
    public void MatchesLikeFsRtlIsNameInExpression(string expression, string name, bool expected)
    {
        Assert.Equal(expected, WildcardMatcher.Create(expression).IsMatch(name));
        Assert.Equal(expected, WildcardMatcher.IsNameInExpression(expression, name));
    }

    [Theory]
    [InlineData("Report.TXT", "report.txt", false)]
    [InlineData("*.TXT", "a.txt", false)]
    [InlineData("a?C", "abc", false)]
    [InlineData("a?c", "abc", true)]
    public void CaseSensitiveWhenAsked(string expression, string name, bool expected)
        => Assert.Equal(expected, WildcardMatcher.Create(expression, ignoreCase: false).IsMatch(name));

    [Fact]
    public void ShapesAreRecognised()
    {
        Assert.True(WildcardMatcher.Create("*").MatchesAll);
        Assert.True(WildcardMatcher.Create("*.*").MatchesAll);
        Assert.False(WildcardMatcher.Create("*.txt").MatchesAll);
        Assert.True(WildcardMatcher.Create("plain.txt").IsLiteral);
        Assert.False(WildcardMatcher.Create("a<b").IsLiteral);
        Assert.True(WildcardMatcher.ContainsWildcards("a\"b"));
        Assert.False(WildcardMatcher.ContainsWildcards("a\"b", WildcardSyntax.Simple));
    }

    [Fact]
    public void SimpleSyntaxTreatsDosWildcardsAsLiterals()
    {
        var m = WildcardMatcher.Create("a<b*", syntax: WildcardSyntax.Simple);
        Assert.True(m.IsMatch("a<bcd"));
        Assert.False(m.IsMatch("axbcd"));
        // "*.*" needs a period in simple syntax: only the DOS syntax makes it "everything".
        Assert.False(WildcardMatcher.Create("*.*", syntax: WildcardSyntax.Simple).IsMatch("noext"));
    }

    [Fact]
    public void HostilePatternIsLinear()
    {
        string expression = string.Concat(Enumerable.Repeat("*a", 200)) + "*b";
        string name = new('a', 255);
        var m = WildcardMatcher.Create(expression);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(m.IsMatch(name));
        Assert.True(watch.ElapsedMilliseconds < 1000);
    }

    [Fact]
    public void LongExpressionUsesPooledStates()
    {
        string expression = new string('?', 600) + "*";
        Assert.True(WildcardMatcher.Create(expression).IsMatch(new string('x', 700)));
        Assert.False(WildcardMatcher.Create(expression).IsMatch(new string('x', 599)));
    }
}
