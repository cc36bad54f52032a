using Ntvfs;
using SmbServer.Configuration;

namespace SmbServer;

/// <summary>Builds the NTVFS module stack serving a share ("ntvfs handler"), and the one IPC$ backend.</summary>
public sealed class ShareBackends(SmbServerContext server)
{
    public SmbServerContext Server { get; } = server;

    public NtvfsBackend For(ShareConfig share, bool isIpc) => throw new InvalidOperationException("wired when the backends land");
}
