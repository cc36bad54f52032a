using Ntvfs.Posix;

namespace Ntvfs.Tests.Posix;

public class VetoFilesTests
{
    [Fact]
    public void ParsesSambaSyntax()
    {
        var veto = VetoFiles.Parse("/*.tmp/.DS_Store/Thumbs.db/secret?/");
        Assert.Equal(["*.tmp", ".DS_Store", "Thumbs.db", "secret?"], veto.Patterns);
        Assert.True(veto.IsVetoed("a.tmp"));
        Assert.True(veto.IsVetoed("A.TMP"));
        Assert.True(veto.IsVetoed(".ds_store"));
        Assert.True(veto.IsVetoed("THUMBS.DB"));
        Assert.True(veto.IsVetoed("secret1"));
        Assert.False(veto.IsVetoed("secret12"));
        Assert.False(veto.IsVetoed("a.tmp.txt"));
        Assert.False(veto.IsVetoed("notes.txt"));
    }

    [Fact]
    public void CaseSensitiveShare()
    {
        var veto = VetoFiles.Parse("/Thumbs.db/", caseSensitive: true);
        Assert.True(veto.IsVetoed("Thumbs.db"));
        Assert.False(veto.IsVetoed("thumbs.db"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("///")]
    public void EmptyMeansNone(string? option)
    {
        var veto = VetoFiles.Parse(option);
        Assert.True(veto.IsEmpty);
        Assert.False(veto.IsVetoed("anything"));
    }

    [Fact]
    public void SpacesArePartOfAPattern()
    {
        var veto = VetoFiles.Parse("/My Documents/");
        Assert.True(veto.IsVetoed("my documents"));
        Assert.False(veto.IsVetoed("MyDocuments"));
    }
}
