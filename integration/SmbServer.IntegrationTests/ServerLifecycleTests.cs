using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests;

/// <summary>The process contract: start from smb.conf, accept on the configured port, stop on SIGTERM.</summary>
public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task StartsFromConfigAndExitsZeroOnSigterm()
    {
        // StartAsync waits until the port accepts TCP; StopAsync sends SIGTERM and fails unless
        // the server exits with code 0 within 10 s.
        await using var server = await ServerProcess.StartAsync(new ServerSetup().Share("share", ("read only", "no")));

        await server.StopAsync();
    }
}
