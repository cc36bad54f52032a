using Microsoft.Extensions.Logging;
using Ntvfs;
using Ntvfs.Ipc;
using SmbServer.Configuration;

namespace SmbServer;

/// <summary>Builds the NTVFS module stack serving a share ("ntvfs handler"), and the one IPC$ backend.</summary>
public sealed class ShareBackends
{
    private readonly IpcBackend _ipc;

    public ShareBackends(SmbServerContext server)
    {
        Server = server;
        // srvsvc and wkssvc read the server context on every call, so the share list follows reloads.
        _ipc = new IpcBackend(server, server, logger: server.LoggerFactory.CreateLogger("SmbServer.Ipc"));
    }

    public SmbServerContext Server { get; }

    public NtvfsBackend For(ShareConfig share, bool isIpc)
    {
        if (isIpc) return _ipc;
        return DiskBackend(share);
    }

    private NtvfsBackend DiskBackend(ShareConfig share) => throw new InvalidOperationException("posix backend not wired yet");
}
