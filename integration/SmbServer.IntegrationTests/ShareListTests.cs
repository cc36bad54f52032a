using SmbServer.IntegrationTests.Clients;
using SmbServer.IntegrationTests.Fixtures;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests;

/// <summary>
/// `smbclient -L`: SESSION_SETUP, TREE_CONNECT IPC$, srvsvc NetShareEnumAll over a named pipe.
/// </summary>
public sealed class ShareListTests(StandardServerFixture fixture) : IClassFixture<StandardServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    private IReadOnlyDictionary<string, ShareListing> List(params string[] credentials)
    {
        var result = SmbClient.Run(_server, ["-L", $"//{_server.Host}", .. credentials]);
        Expect.Success(result, _server);
        var shares = ShareListing.Parse(result.Stdout);
        Assert.True(shares.Count > 0, $"no share table in smbclient's output\n{result.Describe()}\n{_server.Describe()}");
        return shares;
    }

    [Fact]
    public void UserSeesEveryBrowseableShareWithItsComment()
    {
        var shares = List("-U", TestUsers.Alice.Credentials);

        Assert.Equal(new ShareListing("public", "Disk", StandardServerFixture.PublicComment), shares["public"]);
        Assert.Equal(new ShareListing("share", "Disk", StandardServerFixture.TeamComment), shares["share"]);
        Assert.Equal(new ShareListing("denied", "Disk", StandardServerFixture.DeniedComment), shares["denied"]);
        Assert.Equal(new ShareListing("staff", "Disk", StandardServerFixture.StaffComment), shares["staff"]);
        Assert.Equal("IPC", shares["IPC$"].Type);
    }

    [Fact]
    public void NonBrowseableShareIsNotListed()
    {
        var shares = List("-U", TestUsers.Alice.Credentials);

        Assert.DoesNotContain("hidden", shares.Keys, StringComparer.OrdinalIgnoreCase);
        // Exactly the configured browseable shares and IPC$: nothing invented, nothing lost.
        Assert.Equal(["denied", "IPC$", "public", "share", "staff"], shares.Keys.Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void AnonymousListsSharesWhenMapToGuestIsBadUser()
    {
        var shares = List("-N");

        Assert.Equal(["denied", "IPC$", "public", "share", "staff"], shares.Keys.Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void UnknownUserIsMappedToGuestAndListsShares()
    {
        var shares = List("-U", "nosuchuser%whatever");

        Assert.Contains("public", shares.Keys);
    }

    [Fact]
    public void WrongPasswordIsLogonFailure()
    {
        var result = SmbClient.Run(_server, "-L", $"//{_server.Host}", "-U", $"{TestUsers.Alice.Name}%wrong-password");

        // `map to guest = bad user` maps unknown users only: a known user's bad password fails.
        Expect.FailsWith(result, _server, "NT_STATUS_LOGON_FAILURE");
    }
}
