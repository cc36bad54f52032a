using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>Samba's smbtorture, one suite per run, its subunit output parsed per test.</summary>
public static class SmbTorture
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// `smbtorture -p PORT //127.0.0.1/SHARE -U USER%PW --format=subunit [EXTRA] SUITE`, with an
    /// empty client configuration so the machine's smb.conf cannot change the outcome.
    /// </summary>
    public static TortureResult Run(string suite, ServerProcess server, string share, TestUser user,
        TimeSpan? timeout = null, params string[] extraArguments)
    {
        var peer = Peers.Require("smbtorture");
        var process = ProcessRunner.Run(peer.FileName,
        [
            .. peer.PrefixArguments, "--configfile=/dev/null", "-p", server.Port.ToString(), server.Unc(share),
            "-U", user.Credentials, "--format=subunit", .. extraArguments, suite,
        ], timeout ?? DefaultTimeout);
        return new TortureResult(suite, SubunitParser.Parse(process.Stdout), process);
    }

    /// <summary>`smbtorture --list`: every test name the installed binary knows.</summary>
    public static IReadOnlyList<string> List()
    {
        var peer = Peers.Require("smbtorture");
        var process = ProcessRunner.Run(peer.FileName, [.. peer.PrefixArguments, "--list"], TimeSpan.FromSeconds(60));
        return process.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
