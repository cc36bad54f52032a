using SmbServer.Configuration;

namespace SmbServer.Tests.Configuration;

public class SmbConfSyntaxTests
{
    [Fact]
    public void CommentsAndBlankLinesAreSkipped()
    {
        var config = TestConfig.Clean("""
            # hash comment
            ; semicolon comment
               # indented comment

            [global]
              workgroup = HOME
            [data]
              path = /srv/data ; not a comment: part of the value, as in Samba
            """);
        Assert.Equal("HOME", config.Workgroup);
        Assert.Equal("/srv/data ; not a comment: part of the value, as in Samba", config.FindShare("data")!.Path);
    }

    [Fact]
    public void ParametersBeforeAnySectionAreGlobal()
    {
        var config = TestConfig.Clean("workgroup = EARLY\n[s]\npath = /s\n");
        Assert.Equal("EARLY", config.Workgroup);
    }

    [Fact]
    public void BackslashContinuesALine()
    {
        var result = TestConfig.Load("[global]\nhosts allow = 10.0.0.1 \\\n   10.0.0.2,\\\n10.0.0.3\nworkgroup = W\n");
        Assert.Empty(result.Errors);
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], result.Config.HostsAccess.Allow.Patterns.Select(p => p.Text));
        Assert.Equal("W", result.Config.Workgroup);
    }

    [Fact]
    public void ContinuationReportsTheLineItStartedOn()
    {
        var result = TestConfig.Load("[global]\n\nsmb ports = 445 \\\n  notaport\nworkgroup = W\nbogus = 1\n");
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(6, warning.Line); // line numbers after a continuation stay right
    }

    [Fact]
    public void ContinuationJoinsWithoutAddingSpace()
    {
        var config = TestConfig.Clean("[s]\npath = /srv/a\\\nb\n");
        Assert.Equal("/srv/ab", config.FindShare("s")!.Path);
    }

    [Fact]
    public void CrLfLineEndingsAreAccepted()
    {
        var config = TestConfig.Clean("[global]\r\nworkgroup = CRLF\r\n[s]\r\npath = /s\r\n");
        Assert.Equal("CRLF", config.Workgroup);
        Assert.Equal("/s", config.FindShare("s")!.Path);
    }

    [Fact]
    public void ValueWhitespaceIsTrimmedAndEqualsSignsInValuesKept()
    {
        var config = TestConfig.Clean("[s]\n   path   =    /srv/x=y   \n  comment=a  b\n");
        var share = config.FindShare("s")!;
        Assert.Equal("/srv/x=y", share.Path);
        Assert.Equal("a  b", share.Comment);
    }

    [Fact]
    public void EmptyValueIsAllowedForStrings()
    {
        var config = TestConfig.Clean("[global]\nserver string =\n");
        Assert.Equal("", config.ServerString);
    }

    [Theory]
    [InlineData("[global\nworkgroup = X\n", 1, "closing ']'")]
    [InlineData("[]\n", 1, "empty section name")]
    [InlineData("[global]\nthis line has no equals\n", 2, "expected 'name = value'")]
    [InlineData("[global]\n = value\n", 2, "missing parameter name")]
    public void SyntaxErrorsHaveLineNumbers(string text, int line, string message)
    {
        var result = TestConfig.Load(text);
        var error = Assert.Single(result.Errors);
        Assert.Equal("/etc/smb.conf", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
        Assert.False(result.Success);
    }

    [Fact]
    public void TextAfterClosingBracketIsIgnored()
    {
        var config = TestConfig.Clean("[s] trailing words\npath = /s\n");
        Assert.NotNull(config.FindShare("s"));
    }

    [Fact]
    public void IncludeIsRelativeToTheIncludingFileAndInline()
    {
        using var dir = new TempDirectory();
        dir.Write("conf.d/shares.conf", "[included]\npath = /srv/inc\n; nested include, relative to conf.d\ninclude = more.conf\n");
        dir.Write("conf.d/more.conf", "comment = from more.conf\n");
        var main = dir.Write("smb.conf", "[global]\nworkgroup = MAIN\ninclude = conf.d/shares.conf\nread only = no\n[last]\npath = /srv/last\n");

        var result = SmbConfLoader.Load(main, TestConfig.Options);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var included = result.Config.FindShare("included")!;
        Assert.Equal("/srv/inc", included.Path);
        Assert.Equal("from more.conf", included.Comment);
        // The section from the included file carries on after the include line, as in Samba.
        Assert.False(included.ReadOnly);
        Assert.True(result.Config.FindShare("last")!.ReadOnly);
        Assert.Equal(3, result.Config.SourceFiles.Count);
    }

    [Fact]
    public void IncludeCycleIsAnErrorAtTheIncludeLine()
    {
        using var dir = new TempDirectory();
        dir.Write("a.conf", "workgroup = A\ninclude = b.conf\n");
        dir.Write("b.conf", "\n\ninclude = a.conf\n");
        var main = dir.File("a.conf");

        var result = SmbConfLoader.Load(main, TestConfig.Options);

        var error = Assert.Single(result.Errors);
        Assert.Equal(dir.File("b.conf"), error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("include cycle", error.Message);
        Assert.Contains("a.conf -> ", error.Message);
        Assert.Equal("A", result.Config.Workgroup);
    }

    [Fact]
    public void SelfIncludeIsACycle()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("smb.conf", "include = ./smb.conf\n");
        var result = SmbConfLoader.Load(main, TestConfig.Options);
        Assert.Contains("include cycle", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void SameFileIncludedTwiceWithoutCycleIsFine()
    {
        using var dir = new TempDirectory();
        dir.Write("common.conf", "comment = shared\n");
        var main = dir.Write("smb.conf", "[a]\npath = /a\ninclude = common.conf\n[b]\npath = /b\ninclude = common.conf\n");
        var result = SmbConfLoader.Load(main, TestConfig.Options);
        Assert.Empty(result.Errors);
        Assert.Equal("shared", result.Config.FindShare("a")!.Comment);
        Assert.Equal("shared", result.Config.FindShare("b")!.Comment);
    }

    [Fact]
    public void DeeplyNestedIncludesStop()
    {
        using var dir = new TempDirectory();
        for (var i = 0; i < 40; i++)
            dir.Write($"f{i}.conf", $"include = f{i + 1}.conf\n");
        dir.Write("f40.conf", "workgroup = DEEP\n");
        var result = SmbConfLoader.Load(dir.File("f0.conf"), TestConfig.Options);
        Assert.Contains("nested deeper", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void MissingIncludeIsAnError()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("smb.conf", "[global]\ninclude = nope.conf\n");
        var error = Assert.Single(SmbConfLoader.Load(main, TestConfig.Options).Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("cannot read include file", error.Message);
    }

    [Fact]
    public void MissingMainFileIsAnErrorAtLineZero()
    {
        using var dir = new TempDirectory();
        var result = SmbConfLoader.Load(dir.File("absent.conf"), TestConfig.Options);
        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Line);
        Assert.Contains("cannot read", error.Message);
        Assert.NotNull(result.Config);
    }

    [Fact]
    public void DiagnosticFormatsAsFileLineMessage()
    {
        Assert.Equal("/etc/smb.conf:12: bad", new ConfigDiagnostic("/etc/smb.conf", 12, "bad").ToString());
    }
}
