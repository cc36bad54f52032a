using System.Runtime.InteropServices;

namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>
/// kill(2). Process.Kill sends SIGKILL, which tests nothing: the server must stop cleanly on the
/// SIGTERM a service manager sends, so the tests send exactly that.
/// </summary>
public static partial class PosixSignal
{
    public const int SigTerm = 15;

    public static void Send(int pid, int signal)
    {
        if (kill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
