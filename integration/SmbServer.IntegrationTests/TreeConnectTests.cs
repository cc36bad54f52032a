using SmbServer.IntegrationTests.Fixtures;
using SmbServer.IntegrationTests.Infrastructure;
using SmbServer.IntegrationTests.Clients;

namespace SmbServer.IntegrationTests;

/// <summary>TREE_CONNECT and the per-share access rules: hosts deny, valid users, guest ok.</summary>
public sealed class TreeConnectTests(StandardServerFixture fixture) : IClassFixture<StandardServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    private ProcessResult Connect(string share, params string[] credentials) =>
        SmbClient.Run(_server, [_server.Unc(share), .. credentials, "-c", "exit"]);

    [Fact]
    public void UserConnectsToHerShare() =>
        Expect.Success(Connect("share", "-U", TestUsers.Alice.Credentials), _server);

    [Fact]
    public void NonBrowseableShareStillAcceptsTreeConnect() =>
        Expect.Success(Connect("hidden", "-U", TestUsers.Alice.Credentials), _server);

    [Fact]
    public void HostsDenyRefusesTreeConnect() =>
        // smbd 4.17 answers ACCESS_DENIED; BAD_NETWORK_NAME (the share "is not there" for this
        // host) is the other answer servers give, and is accepted too.
        Expect.FailsWith(Connect("denied", "-U", TestUsers.Alice.Credentials), _server,
            "tree connect failed: NT_STATUS_ACCESS_DENIED", "tree connect failed: NT_STATUS_BAD_NETWORK_NAME");

    [Fact]
    public void ValidUsersRefusesOtherUsers() =>
        Expect.FailsWith(Connect("staff", "-U", TestUsers.Alice.Credentials), _server,
            "tree connect failed: NT_STATUS_ACCESS_DENIED");

    [Fact]
    public void ValidUsersAdmitsListedUser() =>
        Expect.Success(Connect("staff", "-U", TestUsers.Bob.Credentials), _server);

    [Fact]
    public void AnonymousConnectsToGuestOkShare() =>
        Expect.Success(Connect("public", "-N"), _server);

    [Fact]
    public void GuestIsRefusedByShareWithoutGuestOk() =>
        Expect.FailsWith(Connect("share", "-U", "nosuchuser%whatever"), _server,
            "tree connect failed: NT_STATUS_ACCESS_DENIED");

    [Fact]
    public void UnknownShareIsBadNetworkName() =>
        Expect.FailsWith(Connect("nosuchshare", "-U", TestUsers.Alice.Credentials), _server,
            "tree connect failed: NT_STATUS_BAD_NETWORK_NAME");
}
