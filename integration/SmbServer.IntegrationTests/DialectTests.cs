using SmbServer.IntegrationTests.Clients;
using SmbServer.IntegrationTests.Fixtures;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests;

/// <summary>NEGOTIATE: the client caps its dialect with -m and the server must agree to it.</summary>
public sealed class DialectTests(StandardServerFixture fixture) : IClassFixture<StandardServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    [Theory]
    [InlineData("SMB2_02")]
    [InlineData("SMB2_10")]
    public void ClientCappedAtDialectConnects(string dialect)
    {
        // -d 5 makes smbclient print " negotiated dialect[SMB2_10] against server[127.0.0.1]".
        var result = SmbClient.Run(_server, _server.Unc("share"), "-U", TestUsers.Alice.Credentials,
            "-m", dialect, "-d", "5", "-c", "exit");

        Expect.Success(result, _server);
        Assert.True(result.Output.Contains($"negotiated dialect[{dialect}]", StringComparison.Ordinal),
            $"expected dialect {dialect} to be negotiated\n{result.Describe()}\n{_server.Describe()}");
    }

    [Fact]
    public async Task RawNegotiateSelectsHighestOfferedDialect()
    {
        var response = await Smb2NegotiateProbe.SendAsync(_server.Port, [Smb2NegotiateProbe.Smb202, Smb2NegotiateProbe.Smb210], TimeSpan.FromSeconds(10));

        Assert.Equal(0u, response.Status);
        Assert.Equal(Smb2NegotiateProbe.Smb210, response.DialectRevision);
    }
}
