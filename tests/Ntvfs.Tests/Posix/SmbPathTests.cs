using Ntvfs.Posix;
using Protocol;

namespace Ntvfs.Tests.Posix;

public class SmbPathTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("\\", "")]
    [InlineData("a", "a")]
    [InlineData("\\a\\b\\c.txt", "a/b/c.txt")]
    [InlineData("a\\b\\", "a/b")]
    [InlineData("a\\.\\b", "a/b")]
    [InlineData(".\\a", "a")]
    [InlineData("a\\..\\b", "b")]
    [InlineData("a\\b\\..\\..\\c", "c")]
    [InlineData("a\\..", "")]
    [InlineData("\U0001F600\\日本\\Été", "\U0001F600/日本/Été")]
    public void Parses(string input, string expected)
    {
        Assert.Equal(NtStatus.Success, SmbPath.TryParse(input, out SmbPath path));
        Assert.Equal(expected, path.ToRelativeUnixPath());
        Assert.Equal(expected.Length == 0, path.IsRoot);
    }

    [Fact]
    public void TrailingSeparatorIsReported()
    {
        Assert.Equal(NtStatus.Success, SmbPath.TryParse("dir\\", out SmbPath path));
        Assert.True(path.HasTrailingSeparator);
        Assert.Equal("dir", path.FinalName);
        Assert.Equal(NtStatus.Success, SmbPath.TryParse("dir", out path));
        Assert.False(path.HasTrailingSeparator);
    }

    [Theory]
    [InlineData("..", 0xC000003B)]                    // above the root: OBJECT_PATH_SYNTAX_BAD
    [InlineData("a\\..\\..", 0xC000003B)]
    [InlineData("\\..\\etc\\passwd", 0xC000003B)]
    [InlineData("a\\..\\..\\b", 0xC000003B)]
    [InlineData("/etc/passwd", 0xC0000033)]           // '/' is not a separator: OBJECT_NAME_INVALID
    [InlineData("C:\\Windows", 0xC0000033)]           // drive letters
    [InlineData("\\\\server\\share", 0xC0000033)]     // UNC: empty first component
    [InlineData("a\\\\b", 0xC0000033)]
    [InlineData("a\\b*", 0xC0000033)]
    [InlineData("a\\b\\\\", 0xC0000033)]
    public void Rejects(string input, uint expected)
        => Assert.Equal(new NtStatus(expected), SmbPath.TryParse(input, out _));

    [Fact]
    public void RejectsUnpairedSurrogates()
        => Assert.Equal(NtStatus.ObjectNameInvalid, SmbPath.TryParse("a\\b" + '\uD800', out _));

    [Fact]
    public void RejectsPathsLongerThanLinuxAccepts()
    {
        string component = new('a', 200);
        string ok = string.Join('\\', Enumerable.Repeat(component, 20)); // 20*200 + 19 = 4019 bytes
        string tooLong = string.Join('\\', Enumerable.Repeat(component, 21));
        Assert.Equal(NtStatus.Success, SmbPath.TryParse(ok, out _));
        Assert.Equal(NtStatus.ObjectNameInvalid, SmbPath.TryParse(tooLong, out _));
    }
}
