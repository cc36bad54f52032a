using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests;

public sealed class PosixSignalTests
{
    [Fact]
    public void SignalZeroReachesALivingProcess()
    {
        // kill(pid, 0) delivers nothing and only checks the pid: proves the libc binding works.
        PosixSignal.Send(Environment.ProcessId, 0);
    }

    [Fact]
    public void SignalToNoProcessFailsWithErrno()
    {
        // pid_max is at most 2^22 on Linux, so this pid cannot exist: ESRCH (3).
        var error = Assert.Throws<InvalidOperationException>(() => PosixSignal.Send(int.MaxValue, 0));
        Assert.Contains("errno 3", error.Message);
    }
}
