using SmbServer.IntegrationTests.Clients;

namespace SmbServer.IntegrationTests;

/// <summary>The installed peers are the ones the tests were written for.</summary>
public sealed class PeerTests
{
    [Fact]
    public void SmbclientRuns()
    {
        var result = SmbClient.Run(["--version"]);

        Assert.True(result.ExitCode == 0 && result.Stdout.StartsWith("Version 4.", StringComparison.Ordinal), result.Describe());
    }

    [Fact]
    public void SmbtortureHasTheAcceptanceSuites()
    {
        var names = SmbTorture.List();

        Assert.Contains(names, n => n.StartsWith("smb2.connect.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("smb2.tcon.", StringComparison.Ordinal));
    }

    [Fact]
    public void SmbtortureHasEveryBaselineSuite()
    {
        var names = SmbTorture.List();

        Assert.All(ConformanceBaseline.Load().MinimumPasses.Keys,
            suite => Assert.Contains(names, n => n.StartsWith(suite + ".", StringComparison.Ordinal)));
    }

    [Fact]
    public void MissingPeerFailsNamingItsPackage()
    {
        var error = Assert.ThrowsAny<Exception>(() => Peers.Require("no-such-peer-program"));

        Assert.IsType<Xunit.Sdk.FailException>(error);
        Assert.Contains("install the Debian package 'no-such-peer-program'", error.Message);
    }

    [Theory]
    [InlineData("smbclient", "smbclient")]
    [InlineData("smbtorture", "samba-testsuite")]
    [InlineData("smbd", "samba")]
    public void EachPeerNamesItsDebianPackage(string program, string package) =>
        Assert.Equal(package, Peers.PackageOf(program));
}
