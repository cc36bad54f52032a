using SmbServer.Configuration;

namespace SmbServer.Tests.Configuration;

public class EmbeddedDefaultTests
{
    [Fact]
    public void LoadsCleanlyWithTheExpectedValues()
    {
        var result = SmbConfLoader.LoadText(EmbeddedDefault.Text("/var/lib/smbserver/data"), EmbeddedDefault.FileName, TestConfig.Options);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var config = result.Config;
        Assert.Equal("127.0.0.1", Assert.Single(config.Interfaces).Text);
        Assert.Equal([4455], config.SmbPorts);
        Assert.True(config.BindInterfacesOnly);
        Assert.Equal(MapToGuest.BadUser, config.MapToGuest);
        Assert.Equal("WORKGROUP", config.Workgroup);
        Assert.Equal("SmbServer 1.2.3", config.ServerString);

        var share = Assert.Single(config.Shares);
        Assert.Equal("public", share.Name);
        Assert.Equal("/var/lib/smbserver/data/public", share.Path);
        Assert.False(share.ReadOnly);
        Assert.True(share.GuestOk);
        Assert.NotEmpty(share.Comment);
    }

    [Fact]
    public void RefusesADataDirectoryWithALineBreak()
    {
        Assert.Throws<ArgumentException>(() => EmbeddedDefault.Text("/tmp/a\n[evil]"));
    }
}
