using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>
/// smbclient for the file-serving tests: `-c COMMANDS` on one share, run in a local directory
/// that `put`/`get`/`mput`/`mget` read and write. Only a locally installed smbclient can reach
/// the test's local files (the Docker fallback cannot), so these tests require one.
/// </summary>
public static class FileClient
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The local smbclient; the test fails naming the package when there is none.</summary>
    public static string Program
    {
        get
        {
            if (Peers.FindLocal("smbclient") is { } path)
                return path;
            Assert.Fail("smbclient not found: the file-serving tests need it installed locally, since put/get " +
                        $"work on the test's local files (apt-get install -y {Peers.PackageOf("smbclient")}; scripts/test.sh does this).");
            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>smbclient's arguments for <paramref name="commands"/> on <paramref name="share"/>.</summary>
    public static List<string> Arguments(ServerProcess server, string share, SmbLogin login, string commands) =>
        ["--configfile=/dev/null", "-p", server.Port.ToString(), server.Unc(share), .. login.Arguments, "-c", commands];

    /// <summary>
    /// Runs `smbclient //HOST/SHARE LOGIN -c COMMANDS` in <paramref name="localDirectory"/>.
    /// smbclient runs every command of `-c` even after one failed and its exit code is the last
    /// command's, so callers check the output for the NT_STATUS of each step.
    /// </summary>
    public static ProcessResult Run(ServerProcess server, string share, SmbLogin login, string commands,
        string localDirectory, TimeSpan? timeout = null) =>
        ProcessRunner.Run(Program, Arguments(server, share, login, commands), timeout ?? DefaultTimeout, localDirectory);
}
