using SmbServer.IntegrationTests.Clients;
using SmbServer.IntegrationTests.Fixtures;
using SmbServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SmbServer.IntegrationTests;

/// <summary>The smbtorture suites of the server-core acceptance: every test in them must pass.</summary>
public sealed class TortureTests(StandardServerFixture fixture, ITestOutputHelper output) : IClassFixture<StandardServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    [Theory]
    [InlineData("smb2.connect")]
    [InlineData("smb2.tcon")]
    public void EveryTestInSuitePasses(string suite)
    {
        var result = SmbTorture.Run(suite, _server, "share", TestUsers.Alice);
        output.WriteLine(result.Describe());

        Assert.False(result.UnknownSuite, $"this smbtorture has no suite {suite}\n{result.Process.Describe()}");
        Assert.True(result.Tests.Count > 0, $"smbtorture reported no test\n{result.Describe()}\n{_server.Describe()}");
        Assert.True(result.Tests.All(t => t.Outcome == TortureOutcome.Success),
            $"not every test passed\n{result.Describe()}\n{_server.Describe()}");
    }
}
