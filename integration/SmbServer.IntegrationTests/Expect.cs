using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests;

/// <summary>Assertions on a peer's run that put the client's and the server's output in the message.</summary>
public static class Expect
{
    public static void Success(ProcessResult result, ServerProcess server) =>
        Assert.True(result.ExitCode == 0 && !result.TimedOut,
            $"expected the client to succeed\n{result.Describe()}\n{server.Describe()}");

    /// <summary>The client failed and printed one of <paramref name="statuses"/> (NT_STATUS_... names).</summary>
    public static void FailsWith(ProcessResult result, ServerProcess server, params string[] statuses)
    {
                Assert.True(result.ExitCode != 0 && statuses.Any(s => result.Output.Contains(s, StringComparison.Ordinal)),
            $"expected the client to fail with {string.Join(" or ", statuses)}\n{result.Describe()}\n{server.Describe()}");
    }
}
