using Protocol;
using TEvent;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// One SMB2 LOCK request being processed (MS-SMB2 3.3.5.14): its elements are applied in order;
/// a lock that fails immediately rolls back the locks this request took; a blocking lock waits in
/// the <see cref="ByteRangeLockTable"/> and the request goes on when it is granted.
/// </summary>
/// <remarks>
/// Loop-owned, except <see cref="Granted"/>, which the table calls from the thread that released
/// the conflicting range: it only counts the lock and posts the continuation to the request's loop.
/// A grant and a cancel can race; the table decides (a waiter it still holds is cancelled, one it
/// already granted continues).
/// </remarks>
internal sealed class PendingLockRequest : LockWaiter
{
    private static readonly Action<object?> GrantedOnLoop = o => ((PendingLockRequest)o!).OnGranted();

    private readonly PosixBackend _backend;
    private readonly PosixHandle _handle;
    private readonly TeventReq _req;
    private readonly NtvfsLockElement[] _elements;
    private readonly List<NtvfsLockElement> _taken = new();
    private int _next;

    /// <summary>The request completed (by us, or its end time passed) or was received: hands off.</summary>
    private bool _ended;

    private PendingLockRequest(PosixBackend backend, PosixHandle handle, TeventReq req, NtvfsLockElement[] elements)
        : base(handle)
    {
        _backend = backend;
        _handle = handle;
        _req = req;
        _elements = elements;
    }

    public static TeventReq Send(EventContext ev, PosixBackend backend, PosixHandle handle, NtvfsLockElement[] elements)
    {
        TeventReq req = NtvfsOp.Create<bool>(ev, out NtvfsOp.State<bool> _, "posix lock");
        var pending = new PendingLockRequest(backend, handle, req, elements);
        req.SetCleanupFn((_, _) => pending.Ended());
        pending.Continue();
        return req;
    }

    private ByteRangeLockTable Table => _backend.Locks;

    private void Continue()
    {
        for (; _next < _elements.Length; _next++)
        {
            NtvfsLockElement e = _elements[_next];
            ulong offset = unchecked((ulong)e.Offset);
            ulong length = unchecked((ulong)e.Length);
            if (e.Unlock)
            {
                // Unlocks are not rolled back: the ones before a failure stay done (MS-SMB2 3.3.5.14.1).
                if (!Table.Unlock(_handle.FileId, _handle, offset, length))
                {
                    Finish(NtStatus.RangeNotLocked);
                    return;
                }
                _backend.AdjustLockCount(-1);
                continue;
            }
            if (e.FailImmediately)
            {
                if (!Table.TryLock(_handle.FileId, _handle, offset, length, e.Exclusive))
                {
                    // MS-FSA 2.1.5.8 / MS-SMB2 3.3.5.14.2: STATUS_LOCK_NOT_GRANTED (Samba's smb2.lock
                    // expects it every time for SMB2; FILE_LOCK_CONFLICT on retries is SMB1 behaviour).
                    RollBack();
                    Finish(NtStatus.LockNotGranted);
                    return;
                }
                Taken(e);
                continue;
            }
            Offset = offset;
            Length = length;
            Exclusive = e.Exclusive;
            if (Table.LockOrWait(_handle.FileId, this))
            {
                Taken(e);
                continue;
            }
            _handle.PendingLocks.Add(this);
            _req.SetCancelFn(_ => Cancel());
            return;
        }
        Finish(NtStatus.Success);
    }

    private void Taken(NtvfsLockElement e)
    {
        _taken.Add(e);
        _backend.AdjustLockCount(1);
    }

    protected internal override void Granted()
    {
        // The table holds the lock for us from now on: count it at once, so a close racing this
        // grant (which releases every lock of the open) keeps the count right.
        _backend.AdjustLockCount(1);
        _req.Ev.PostThreaded(GrantedOnLoop, this);
    }

    private void OnGranted()
    {
        _handle.PendingLocks.Remove(this);
        NtvfsLockElement e = _elements[_next];
        _taken.Add(e);
        _next++;
        if (_handle.IsClosed || _ended)
        {
            // Closed, or the request ended, while the grant was on its way: give the locks back.
            RollBack();
            Finish(NtStatus.RangeNotLocked);
            return;
        }
        Continue();
    }

    /// <summary>The cleanup function of the request: if it ended while waiting, stop waiting and give back what it took.</summary>
    private void Ended()
    {
        if (_ended)
            return;
        _ended = true;
        if (Table.CancelWait(_handle.FileId, this))
        {
            _handle.PendingLocks.Remove(this);
            RollBack();
        }
    }

    /// <summary>SMB2 CANCEL: STATUS_CANCELLED if still waiting; false when the grant already happened.</summary>
    private bool Cancel()
    {
        if (!Table.CancelWait(_handle.FileId, this))
            return false;
        _handle.PendingLocks.Remove(this);
        RollBack();
        Finish(NtStatus.Cancelled);
        return true;
    }

    /// <summary>
    /// The open is being closed: a waiting request ends with STATUS_RANGE_NOT_LOCKED, as Windows
    /// answers (Samba's smb2.lock.cancel "cancel by close").
    /// </summary>
    public void AbortForClose()
    {
        if (!Table.CancelWait(_handle.FileId, this))
            return; // granted meanwhile: OnGranted sees the closed handle
        _handle.PendingLocks.Remove(this);
        RollBack();
        Finish(NtStatus.RangeNotLocked);
    }

    private void RollBack()
    {
        foreach (NtvfsLockElement e in _taken)
        {
            if (Table.Unlock(_handle.FileId, _handle, unchecked((ulong)e.Offset), unchecked((ulong)e.Length)))
                _backend.AdjustLockCount(-1);
        }
        _taken.Clear();
    }

    private void Finish(NtStatus status)
    {
        if (_ended)
            return;
        _req.SetCancelFn(null);
        NtvfsOp.Complete(_req, status, status.IsSuccess);
    }
}
