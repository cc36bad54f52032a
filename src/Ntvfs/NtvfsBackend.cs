using Protocol;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs;

/// <summary>
/// The NTVFS contract (Samba 4's ntvfs_ops, in C#): the SMB layer speaks NT semantics to a backend
/// through these _send methods; each returns a request collected with
/// <see cref="NtvfsOp.Recv{T}"/> and the result type named on the method. Backends stack as modules:
/// a module overrides what it adds and leaves the rest to <see cref="Next"/>; at the bottom of the
/// stack an operation the backend does not support answers STATUS_NOT_SUPPORTED (or
/// STATUS_INVALID_DEVICE_REQUEST for ioctls), never an exception.
/// Called on the loop thread of the connection; results are delivered there too.
/// Cancelling a returned request (SMB2 CANCEL) must end it with STATUS_CANCELLED if it was waiting.
/// </summary>
public abstract class NtvfsBackend
{
    protected NtvfsBackend(NtvfsBackend? next = null) => Next = next;

    /// <summary>The module below this one, or null at the bottom of the stack.</summary>
    protected NtvfsBackend? Next { get; }

    public abstract string Name { get; }

    /// <summary>Tree connect: check the share can be served and set <see cref="NtvfsTree.BackendState"/>. Result: bool (unused).</summary>
    public virtual TeventReq ConnectSend(NtvfsRequest r) => Next?.ConnectSend(r) ?? NtvfsOp.Post(r.Ev, NtStatus.Success, true);

    /// <summary>Tree disconnect: release per-tree state. Open handles were closed before. Result: bool.</summary>
    public virtual TeventReq DisconnectSend(NtvfsRequest r) => Next?.DisconnectSend(r) ?? NtvfsOp.Post(r.Ev, NtStatus.Success, true);

    /// <summary>Result: <see cref="NtvfsCreateResult"/>.</summary>
    public virtual TeventReq CreateSend(NtvfsRequest r, NtvfsCreateArgs args) => Next?.CreateSend(r, args) ?? NotSupported<NtvfsCreateResult>(r);

    /// <summary>Result: <see cref="NtvfsCloseResult"/>; metadata only when <paramref name="postQueryAttributes"/>.</summary>
    public virtual TeventReq CloseSend(NtvfsRequest r, NtvfsHandle h, bool postQueryAttributes) => Next?.CloseSend(r, h, postQueryAttributes) ?? NotSupported<NtvfsCloseResult>(r);

    /// <summary>Result: <see cref="NtvfsReadResult"/>.</summary>
    public virtual TeventReq ReadSend(NtvfsRequest r, NtvfsHandle h, NtvfsReadArgs args) => Next?.ReadSend(r, h, args) ?? NotSupported<NtvfsReadResult>(r);

    /// <summary>Result: <see cref="NtvfsWriteResult"/>.</summary>
    public virtual TeventReq WriteSend(NtvfsRequest r, NtvfsHandle h, NtvfsWriteArgs args) => Next?.WriteSend(r, h, args) ?? NotSupported<NtvfsWriteResult>(r);

    /// <summary>Result: bool.</summary>
    public virtual TeventReq FlushSend(NtvfsRequest r, NtvfsHandle h) => Next?.FlushSend(r, h) ?? NtvfsOp.Post(r.Ev, NtStatus.Success, true);

    /// <summary>Lock or unlock byte ranges, all or nothing. Blocking locks wait (cancellable). Result: bool.</summary>
    public virtual TeventReq LockSend(NtvfsRequest r, NtvfsHandle h, NtvfsLockElement[] locks) => Next?.LockSend(r, h, locks) ?? NotSupported<bool>(r);

    /// <summary>QUERY_INFO for file, file system and security info types. Result: <see cref="NtvfsInfoResult"/>.</summary>
    public virtual TeventReq QueryInfoSend(NtvfsRequest r, NtvfsHandle h, NtvfsQueryInfoArgs args) => Next?.QueryInfoSend(r, h, args) ?? NotSupported<NtvfsInfoResult>(r);

    /// <summary>SET_INFO (rename and delete-on-close included). Result: bool.</summary>
    public virtual TeventReq SetInfoSend(NtvfsRequest r, NtvfsHandle h, NtvfsSetInfoArgs args) => Next?.SetInfoSend(r, h, args) ?? NotSupported<bool>(r);

    /// <summary>Result: <see cref="NtvfsInfoResult"/>; STATUS_NO_MORE_FILES at the end.</summary>
    public virtual TeventReq QueryDirectorySend(NtvfsRequest r, NtvfsHandle h, NtvfsQueryDirectoryArgs args) => Next?.QueryDirectorySend(r, h, args) ?? NotSupported<NtvfsInfoResult>(r);

    /// <summary>IOCTL/FSCTL. Result: <see cref="NtvfsInfoResult"/> (the output buffer).</summary>
    public virtual TeventReq IoctlSend(NtvfsRequest r, NtvfsHandle? h, NtvfsIoctlArgs args)
        => Next?.IoctlSend(r, h, args) ?? NtvfsOp.Post<NtvfsInfoResult>(r.Ev, args.IsFsctl ? NtStatus.InvalidDeviceRequest : NtStatus.NotSupported);

    /// <summary>CHANGE_NOTIFY: waits for changes (cancellable). Result: <see cref="NtvfsInfoResult"/> (FILE_NOTIFY_INFORMATION list).</summary>
    public virtual TeventReq NotifySend(NtvfsRequest r, NtvfsHandle h, NtvfsNotifyArgs args) => Next?.NotifySend(r, h, args) ?? NotSupported<NtvfsInfoResult>(r);

    /// <summary>
    /// OPLOCK_BREAK acknowledgment (MS-SMB2 3.3.5.22.1): the holder of <paramref name="h"/> accepts
    /// <paramref name="level"/>. Result: the <see cref="Smb2OplockLevel"/> the open now holds.
    /// A backend without oplocks has no break in progress: STATUS_INVALID_OPLOCK_PROTOCOL, as Windows
    /// and Samba answer an acknowledgment nobody asked for.
    /// </summary>
    public virtual TeventReq OplockBreakAckSend(NtvfsRequest r, NtvfsHandle h, Smb2OplockLevel level)
        => Next?.OplockBreakAckSend(r, h, level) ?? NtvfsOp.Post<Smb2OplockLevel>(r.Ev, NtStatus.InvalidOplockProtocol);

    /// <summary>A session ends: the backend drops anything it keeps per session. Result: bool.</summary>
    public virtual TeventReq LogoffSend(NtvfsRequest r) => Next?.LogoffSend(r) ?? NtvfsOp.Post(r.Ev, NtStatus.Success, true);

    protected static TeventReq NotSupported<T>(NtvfsRequest r) => NtvfsOp.Post<T>(r.Ev, NtStatus.NotSupported);
}
