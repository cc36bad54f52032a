using SmbServer.IntegrationTests.Clients;
using SmbServer.IntegrationTests.Fixtures;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests;

/// <summary>
/// How a session's signing shows in smbclient's `-d 5` output: the client logs
/// "signed SMB2 message (sign_algo_id=N)" for every request it signs, and " tconx ok" after the
/// tree connect. Requests after the tree connect are signed only in a signed session (with
/// SMB 3.1.1 the client also signs the TREE_CONNECT itself in any session, so counting from the
/// session setup would not tell). A client that requires signing also verifies every response
/// and fails on a missing or bad signature, so its success means the server signed correctly.
/// </summary>
internal static class SigningEvidence
{
    public const string SignedLine = "signed SMB2 message";
    public const string TreeConnectedLine = " tconx ok";

    public static int SignedRequestsAfterTreeConnect(string output)
    {
        var at = output.IndexOf(TreeConnectedLine, StringComparison.Ordinal);
        if (at < 0)
            return -1;
        var count = 0;
        for (var i = output.IndexOf(SignedLine, at, StringComparison.Ordinal); i >= 0; i = output.IndexOf(SignedLine, i + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}

/// <summary>Signing against a server with default settings (signing enabled, not required).</summary>
public sealed class SigningTests(StandardServerFixture fixture) : IClassFixture<StandardServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    [Theory]
    [InlineData(null)]          // the highest dialect both sides have
    [InlineData("SMB2_02")]     // HMAC-SHA256 (MS-SMB2 3.1.4.1)
    [InlineData("SMB2_10")]
    public void ClientRequiringSigningGetsASignedSession(string? maxDialect)
    {
        string[] dialect = maxDialect is null ? [] : ["-m", maxDialect];
        var result = SmbClient.Run(_server, [_server.Unc("share"), "-U", TestUsers.Alice.Credentials,
            "--client-protection=sign", .. dialect, "-d", "5", "-c", "exit"]);

        Expect.Success(result, _server);
        Assert.True(SigningEvidence.SignedRequestsAfterTreeConnect(result.Output) > 0,
            $"expected signed requests after the tree connect\n{result.Describe()}\n{_server.Describe()}");
    }

    [Fact]
    public void SigningIsNotForcedByDefault()
    {
        // The control for the mandatory-signing tests: same client, default server, no signing.
        var result = SmbClient.Run(_server, _server.Unc("share"), "-U", TestUsers.Alice.Credentials,
            "--client-protection=off", "-m", "SMB2_10", "-d", "5", "-c", "exit");

        Expect.Success(result, _server);
        Assert.True(SigningEvidence.SignedRequestsAfterTreeConnect(result.Output) == 0,
            $"expected an unsigned session\n{result.Describe()}\n{_server.Describe()}");
    }

    [Fact]
    public async Task NegotiateAnnouncesSigningEnabledNotRequired()
    {
        var response = await Smb2NegotiateProbe.SendAsync(_server.Port, [Smb2NegotiateProbe.Smb202, Smb2NegotiateProbe.Smb210], TimeSpan.FromSeconds(10));

        Assert.Equal(0u, response.Status);
        Assert.True(response.IsSigningEnabled, $"SecurityMode 0x{response.SecurityMode:X4} lacks SIGNING_ENABLED");
        Assert.False(response.IsSigningRequired, $"SecurityMode 0x{response.SecurityMode:X4} has SIGNING_REQUIRED without `server signing = mandatory`");
    }
}

/// <summary>`server signing = mandatory`.</summary>
public sealed class MandatorySigningTests(MandatorySigningServerFixture fixture) : IClassFixture<MandatorySigningServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task NegotiateAnnouncesSigningRequired()
    {
        var response = await Smb2NegotiateProbe.SendAsync(_server.Port, [Smb2NegotiateProbe.Smb202, Smb2NegotiateProbe.Smb210], TimeSpan.FromSeconds(10));

        Assert.Equal(0u, response.Status);
        Assert.True(response.IsSigningRequired, $"SecurityMode 0x{response.SecurityMode:X4} lacks SIGNING_REQUIRED");
    }

    [Fact]
    public void ClientWithSigningOffIsMadeToSign()
    {
        // smbclient cannot be made to send unsigned SMB2 requests to a server that requires
        // signing: with --client-protection=off (or `client signing = disabled`) it still
        // signs, because MS-SMB2 3.2.5.3.1 makes the server's SIGNING_REQUIRED binding on the
        // client. So the observable contract is: the session ends up signed.
        var result = SmbClient.Run(_server, _server.Unc("share"), "-U", TestUsers.Alice.Credentials,
            "--client-protection=off", "-m", "SMB2_10", "-d", "5", "-c", "exit");

        Expect.Success(result, _server);
        Assert.True(SigningEvidence.SignedRequestsAfterTreeConnect(result.Output) > 0,
            $"expected the session to be signed because the server requires it\n{result.Describe()}\n{_server.Describe()}");
    }

    [Fact]
    public void ClientRequiringSigningConnects() =>
        Expect.Success(SmbClient.Run(_server, _server.Unc("share"), "-U", TestUsers.Alice.Credentials,
            "--client-protection=sign", "-c", "exit"), _server);
}
