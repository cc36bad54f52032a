using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>Samba's smbclient, run once per call.</summary>
public static class SmbClient
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs `smbclient ARGS` with an empty client configuration (/dev/null), so that a
    /// machine's /etc/samba/smb.conf cannot change what is tested; stdin is closed, so it can
    /// never wait for a password.
    /// </summary>
    public static ProcessResult Run(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var peer = Peers.Require("smbclient");
        return ProcessRunner.Run(peer.FileName,
            [.. peer.PrefixArguments, "--configfile=/dev/null", .. arguments], timeout ?? DefaultTimeout);
    }

    /// <summary>`smbclient -p PORT ...` against <paramref name="server"/>.</summary>
    public static ProcessResult Run(ServerProcess server, params string[] arguments) =>
        Run(["-p", server.Port.ToString(), .. arguments]);
}
