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

public class GeneratedShortNamesTests
{
    [Theory]
    [InlineData("Program Files", "PROGR~", "")]
    [InlineData("torture_smb2_getfinfo_access", "TORTU~", "")]
    [InlineData("a long name.html", "ALONG~", ".HTM")]
    [InlineData(".profile", "PROFI~", "")]
    [InlineData("ünï.txt", "N~", ".TXT")]
    [InlineData("日本語.doc", "_~", ".DOC")]
    [InlineData("a.b.c.tar.gz", "ABCTA~", ".GZ")]
    public void AGeneratedNameIsAPrefixATildeTwoHashCharactersAndTheExtension(string longName, string prefix, string extension)
    {
        string shortName = ShortNames.AlternateName(longName);
        Assert.True(ShortNames.IsValid83(shortName), shortName);
        Assert.StartsWith(prefix, shortName);
        Assert.Equal(prefix.Length + 2 + extension.Length, shortName.Length);
        Assert.EndsWith(extension, shortName);
        Assert.True(ShortNames.LooksGenerated(shortName));
        Assert.True(ShortNames.Matches(longName, shortName.ToLowerInvariant()));
    }

    [Fact]
    public void NamesThatFit83AreTheirOwnAlternateAndListWithoutOne()
    {
        Assert.Equal("h.txt", ShortNames.AlternateName("h.txt"));
        Span<char> buffer = stackalloc char[ShortNames.MaxLength];
        Assert.Equal(0, ShortNames.ListingName("h.txt", buffer));
        Assert.Equal(0, ShortNames.ListingName("..", buffer));
        Assert.False(ShortNames.Matches("h.txt", "h.txt"));
    }

    [Fact]
    public void TheNameDependsOnTheLongNameIgnoringCaseOnly()
    {
        Assert.Equal(ShortNames.AlternateName("Long File Name.txt"), ShortNames.AlternateName("LONG FILE NAME.TXT"));
        // 1,000 names with one prefix spread over many of the 1,296 hash values.
        var distinct = Enumerable.Range(0, 1000).Select(i => ShortNames.AlternateName($"document {i}.docx")).Distinct().Count();
        Assert.True(distinct > 400, $"{distinct} distinct short names");
    }
}
