using Protocol;
using TEvent;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    /// <summary>
    /// SMB2 LOCK (MS-SMB2 3.3.5.14, MS-FSA 2.1.5.8/2.1.5.9): locks and unlocks applied in order
    /// against the process-wide <see cref="ByteRangeLockTable"/>. No system call is involved, so the
    /// request is served on the loop; a blocking lock waits (cancellable) until the conflicting range
    /// is released, possibly by a connection on another loop. Which flag combinations a request may
    /// carry (MS-SMB2 3.3.5.14.2) is the SMB layer's check.
    /// </summary>
    public override TeventReq LockSend(NtvfsRequest r, NtvfsHandle h, NtvfsLockElement[] locks)
    {
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<bool>(r.Ev, status);
        if (locks.Length == 0 || handle.IsDirectory)
            return NtvfsOp.Post<bool>(r.Ev, NtStatus.InvalidParameter);
        if (!AccessRights.CanRead(handle.GrantedAccess) && !AccessRights.CanWrite(handle.GrantedAccess))
            return NtvfsOp.Post<bool>(r.Ev, NtStatus.AccessDenied);
        foreach (NtvfsLockElement e in locks)
        {
            if (!ByteRangeLockTable.IsValidRange(unchecked((ulong)e.Offset), unchecked((ulong)e.Length)))
                return NtvfsOp.Post<bool>(r.Ev, NtStatus.InvalidLockRange);
        }
        BreakLevelII(handle);
        return PendingLockRequest.Send(r.Ev, this, handle, locks);
    }

    /// <summary>MS-FSA 2.1.4.10 for READ/WRITE: STATUS_FILE_LOCK_CONFLICT when another open's lock covers the range.</summary>
    private bool IoConflicts(PosixHandle handle, long offset, long length, bool write)
        => length > 0 && Locks.ConflictsWithIo(handle.FileId, handle, unchecked((ulong)offset), unchecked((ulong)length), write);

    /// <summary>At close: waiting lock requests end with STATUS_RANGE_NOT_LOCKED, held locks are released.</summary>
    private void ReleaseLocks(PosixHandle handle)
    {
        foreach (PendingLockRequest pending in handle.PendingLocks.ToArray())
            pending.AbortForClose();
        int released = Locks.ReleaseAll(handle.FileId, handle);
        if (released > 0)
            AdjustLockCount(-released);
    }
}
