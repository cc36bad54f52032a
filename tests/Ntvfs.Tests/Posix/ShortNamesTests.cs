using Ntvfs.Posix;

namespace Ntvfs.Tests.Posix;

public class ShortNamesTests
{
    [Theory]
    [InlineData("h.txt", true)]
    [InlineData("README", true)]
    [InlineData("ABCDEFGH.TXT", true)]
    [InlineData("abcdefghi.txt", false)]
    [InlineData("a.html", false)]
    [InlineData("a.b.c", false)]
    [InlineData("a b.txt", false)]
    [InlineData("ünï.txt", false)]
    [InlineData("a+b.txt", false)]
    [InlineData("a.", false)]
    [InlineData(".profile", false)]
    [InlineData("", false)]
    public void RecognisesNamesThatAreTheirOwnShortName(string name, bool expected)
        => Assert.Equal(expected, ShortNames.IsValid83(name));
}
