using Microsoft.Extensions.Logging;
using Ntvfs;
using Ntvfs.Ipc;
using Ntvfs.Posix.Backend;
using SmbServer.Configuration;

namespace SmbServer;

/// <summary>Builds the NTVFS module stack serving a share ("ntvfs handler"), and the one IPC$ backend.</summary>
public sealed class ShareBackends
{
    private readonly IpcBackend _ipc;
    private readonly PosixBackend _posix;

    public ShareBackends(SmbServerContext server)
    {
        Server = server;
        // srvsvc and wkssvc read the server context on every call, so the share list follows reloads.
        _ipc = new IpcBackend(server, server, logger: server.LoggerFactory.CreateLogger("SmbServer.Ipc"));
        // One posix backend serves every disk share: per-share state lives in each tree.
        _posix = new PosixBackend(Math.Max(1, server.Limits.MaxOpensPerSession));
    }

    public SmbServerContext Server { get; }

    /// <summary>The posix backend behind every disk share: its counters (open handles, locks, pending notifies) are for tests and `status`.</summary>
    public PosixBackend Posix => _posix;

    public NtvfsBackend For(ShareConfig share, bool isIpc)
    {
        if (isIpc) return _ipc;
        return DiskBackend(share);
    }

    /// <summary>"ntvfs handler" lists modules top first; "posix" is the only bottom module so far.</summary>
    private NtvfsBackend DiskBackend(ShareConfig share) => _posix;
}
