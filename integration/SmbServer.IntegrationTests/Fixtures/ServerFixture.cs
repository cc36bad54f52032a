using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Fixtures;

/// <summary>A server started once for a test class and stopped (SIGTERM, exit 0) after it.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("the server fixture did not start");

    protected abstract ServerSetup CreateSetup();

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(CreateSetup());

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
