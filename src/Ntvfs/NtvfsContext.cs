using System.Net;
using TEvent;

namespace Ntvfs;

/// <summary>Who is asking: the authenticated user of an SMB session, as the backend needs it.</summary>
public sealed record NtvfsSession(string UserName, string Domain, uint Uid, uint Gid, bool IsGuest, bool IsAnonymous)
{
    public ulong SessionId { get; init; }
}

/// <summary>The options of a share that backends act on, filled by the server from its smb.conf share.</summary>
public sealed record NtvfsShareOptions
{
    public required string ShareName { get; init; }
    public string Path { get; init; } = "";
    public bool ReadOnly { get; init; } = true;
    public string VetoFiles { get; init; } = "";
    public bool HideDotFiles { get; init; } = true;
    public uint CreateMask { get; init; } = 0x1E4;      // 0744
    public uint DirectoryMask { get; init; } = 0x1ED;   // 0755
    public uint ForceCreateMode { get; init; }
    public uint ForceDirectoryMode { get; init; }
    public bool WideLinks { get; init; }
    public bool FollowSymlinks { get; init; } = true;
    public bool CaseSensitive { get; init; }
    /// <summary>smb.conf `oplocks`: whether CREATE may grant oplocks on this share.</summary>
    public bool Oplocks { get; init; } = true;
    /// <summary>smb.conf `level2 oplocks`: whether level II (shared read-caching) oplocks are granted.</summary>
    public bool Level2Oplocks { get; init; } = true;
    public string Comment { get; init; } = "";
}

/// <summary>
/// One tree connect: the share, the backend serving it, and the backend's per-tree state
/// (<see cref="BackendState"/>, set by <see cref="NtvfsBackend.ConnectSend"/>).
/// </summary>
public sealed class NtvfsTree
{
    public NtvfsTree(NtvfsShareOptions share, NtvfsBackend backend, NtvfsSession session)
    {
        Share = share;
        Backend = backend;
        Session = session;
    }

    public NtvfsShareOptions Share { get; }
    public NtvfsBackend Backend { get; }
    public NtvfsSession Session { get; }
    public object? BackendState { get; set; }
    public uint TreeId { get; init; }
}

/// <summary>
/// The context of one NTVFS call (Samba's ntvfs_request): the loop, the tree (and so session and
/// share), the client, and whether the caller can let the operation go async (send STATUS_PENDING).
/// </summary>
public sealed record NtvfsRequest(EventContext Ev, NtvfsTree Tree, IPEndPoint? Client, bool MayGoAsync = true)
{
    public NtvfsSession Session => Tree.Session;

    /// <summary>
    /// Called by the backend, on the loop, when an operation it did not finish at once starts to
    /// wait for an outside event (a CREATE waiting for an oplock break acknowledgment): the SMB
    /// layer sends its interim STATUS_PENDING response then (Samba's NTVFS_ASYNC_STATE_ASYNC).
    /// </summary>
    public Action? GoingAsync { get; init; }
}
