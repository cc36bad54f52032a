using Protocol;
using Protocol.Security;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// What a CREATE asks of oplocks (MS-SMB2 3.3.5.9, MS-FSA 2.1.5.17): the level requested (already
/// NONE when the share has `oplocks = no`), whether the open created the file or overwrites it,
/// whether level II may be granted (`level2 oplocks`), the loop of the opener (where breaks of the
/// oplock it gets are delivered) and the waiter to register when a break must end first. Without a
/// waiter nothing is broken and nothing waits.
/// </summary>
public readonly record struct OplockRequest(
    Smb2OplockLevel Requested,
    bool Created,
    bool Overwrite,
    bool Level2Allowed,
    EventContext? HolderEv,
    OplockBreakWaiter? Waiter);

/// <summary>
/// An operation waiting for the oplock breaks of a file to end (the holder acknowledges or closes,
/// or the break times out). <see cref="Woken"/> is called once per registration, from whichever
/// thread ended the break, outside the table's lock: it only posts to the waiter's loop.
/// </summary>
public abstract class OplockBreakWaiter
{
    /// <summary>The file waited on; set by the table when it registers the waiter.</summary>
    internal SharedFile? File { get; set; }

    protected internal abstract void Woken();
}

public sealed partial class ShareModeTable
{
    private static readonly Action<object?> DeliverOnLoop = static o => ((BreakNotice)o!).Deliver();

    /// <summary>A break notification to post to the holder's loop once the table's lock is released.</summary>
    private sealed record BreakNotice(EventContext Ev, PosixHandle Handle, Smb2OplockLevel Level)
    {
        public void Deliver() => Handle.DeliverOplockBreak(Level);
    }

    /// <summary>Opens holding an oplock, over all files (for tests and `status`).</summary>
    public int OplockCount
    {
        get
        {
            lock (_lock)
            {
                int n = 0;
                foreach (SharedFile f in _files.Values)
                    n += f.OplockCount;
                return n;
            }
        }
    }

    /// <summary>Operations waiting for an oplock break to end, over all files.</summary>
    public int BreakWaiterCount
    {
        get
        {
            lock (_lock)
            {
                int n = 0;
                foreach (SharedFile f in _files.Values)
                    n += f.BreakWaiters.Count;
                return n;
            }
        }
    }

    /// <summary>
    /// A stat open (Samba's is_oplock_stat_open): only FILE_READ_ATTRIBUTES, FILE_WRITE_ATTRIBUTES
    /// and SYNCHRONIZE. It neither breaks an oplock nor gets one on an existing file (smbtorture
    /// smb2.oplock.exclusive4, batch8).
    /// </summary>
    internal static bool IsStatOpen(AccessMask granted)
    {
        const AccessMask stat = AccessMask.FileReadAttributes | AccessMask.FileWriteAttributes | AccessMask.Synchronize;
        return (granted & stat) != 0 && (granted & ~stat) == 0;
    }

    /// <summary>
    /// The level a new open gets (MS-FSA 2.1.5.17): the one requested when no other open uses the
    /// data, level II when others do (and `level2 oplocks` allows it), none for directories, leases,
    /// and stat opens of an existing file. Called before the open joins <see cref="SharedFile.Opens"/>.
    /// </summary>
    private static Smb2OplockLevel Grant(SharedFile file, ShareModeOpen open, bool isDirectory, in OplockRequest request)
    {
        Smb2OplockLevel requested = request.Requested;
        if (isDirectory || request.HolderEv is null
            || requested is not (Smb2OplockLevel.II or Smb2OplockLevel.Exclusive or Smb2OplockLevel.Batch))
            return Smb2OplockLevel.None;
        if (open.IsStatOpen && !request.Created)
            return Smb2OplockLevel.None;
        bool others = false;
        foreach (ShareModeOpen o in file.Opens)
        {
            // An exclusive or batch oplock still held (a stat open did not break it) leaves nothing to share.
            if (o.Oplock is Smb2OplockLevel.Exclusive or Smb2OplockLevel.Batch || o.Breaking)
                return Smb2OplockLevel.None;
            if (!o.IsStatOpen || o.Oplock != Smb2OplockLevel.None)
                others = true;
        }
        if (!others && requested != Smb2OplockLevel.II)
            return requested;
        return request.Level2Allowed ? Smb2OplockLevel.II : Smb2OplockLevel.None;
    }

    /// <summary>
    /// Starts the break of the exclusive and batch oplocks of <paramref name="file"/> (only batch when
    /// <paramref name="batchOnly"/>) to <paramref name="target"/>. True when the opener must wait:
    /// a break was started here or one is already in progress.
    /// </summary>
    private static bool BreakExclusive(SharedFile file, bool batchOnly, Smb2OplockLevel target, bool level2Allowed,
        ref List<BreakNotice>? notices)
    {
        if (!level2Allowed)
            target = Smb2OplockLevel.None;
        bool wait = false;
        foreach (ShareModeOpen o in file.Opens)
        {
            if (o.Breaking)
            {
                wait = true;
                continue;
            }
            if (o.Oplock == Smb2OplockLevel.Batch || (!batchOnly && o.Oplock == Smb2OplockLevel.Exclusive))
            {
                // MS-SMB2 3.3.4.6: Open.OplockState becomes Breaking until the holder acknowledges.
                o.Breaking = true;
                o.BreakingTo = target;
                Notify(o, target, ref notices);
                wait = true;
            }
        }
        return wait;
    }

    /// <summary>
    /// MS-FSA 2.1.4.12: a write, a change of size or a byte-range lock breaks every level II oplock of
    /// the file to none, the writer's own included; nobody acknowledges such a break (MS-SMB2 2.2.24.1)
    /// and nothing waits for it.
    /// </summary>
    public void BreakLevelII(SharedFile file)
    {
        if (Volatile.Read(ref file.OplockCount) == 0)
            return;
        List<BreakNotice>? notices = null;
        lock (_lock)
            BreakLevelIILocked(file, ref notices);
        Send(notices);
    }

    private static void BreakLevelIILocked(SharedFile file, ref List<BreakNotice>? notices)
    {
        foreach (ShareModeOpen o in file.Opens)
        {
            if (o.Oplock == Smb2OplockLevel.II && !o.Breaking)
            {
                SetOplock(o, Smb2OplockLevel.None);
                Notify(o, Smb2OplockLevel.None, ref notices);
            }
        }
    }

    private static void Notify(ShareModeOpen o, Smb2OplockLevel level, ref List<BreakNotice>? notices)
    {
        if (o.Holder is null)
            return;
        if (o.Handle is null)
        {
            // The opener's thread job has not made its handle yet: Attach delivers the break.
            if (o.UndeliveredBreak is not { } kept || level < kept)
                o.UndeliveredBreak = level;
            return;
        }
        (notices ??= new()).Add(new BreakNotice(o.Holder, o.Handle, level));
    }

    private static void SetOplock(ShareModeOpen o, Smb2OplockLevel level)
    {
        SharedFile file = o.File;
        if (o.Oplock != Smb2OplockLevel.None)
            file.OplockCount--;
        o.Oplock = level;
        if (level != Smb2OplockLevel.None)
            file.OplockCount++;
    }

    /// <summary>The open is closing: its oplock (and any break of it) ends; every waiter tries again.</summary>
    private static List<OplockBreakWaiter>? ReleaseOplock(ShareModeOpen open)
    {
        SetOplock(open, Smb2OplockLevel.None);
        open.Breaking = false;
        return TakeWaiters(open.File);
    }

    private static List<OplockBreakWaiter>? TakeWaiters(SharedFile file)
    {
        if (file.BreakWaiters.Count == 0)
            return null;
        var woken = new List<OplockBreakWaiter>(file.BreakWaiters);
        file.BreakWaiters.Clear();
        return woken;
    }

    private static void Send(List<BreakNotice>? notices)
    {
        if (notices is null)
            return;
        foreach (BreakNotice n in notices)
            n.Ev.PostThreaded(DeliverOnLoop, n);
    }

    private static void Wake(List<OplockBreakWaiter>? waiters)
    {
        if (waiters is null)
            return;
        foreach (OplockBreakWaiter w in waiters)
            w.Woken();
    }

    /// <summary>
    /// The backend handle of <paramref name="open"/> exists: breaks are delivered to it from now on,
    /// and one decided before is delivered now.
    /// </summary>
    internal void Attach(ShareModeOpen open, PosixHandle handle)
    {
        BreakNotice? notice = null;
        lock (_lock)
        {
            open.Handle = handle;
            if (open.UndeliveredBreak is { } level && open.Holder is { } ev)
                notice = new BreakNotice(ev, handle, level);
            open.UndeliveredBreak = null;
        }
        if (notice is not null)
            notice.Ev.PostThreaded(DeliverOnLoop, notice);
    }

    /// <summary>
    /// OPLOCK_BREAK acknowledgment (MS-SMB2 3.3.5.22.1): an acknowledgment of a higher level than the
    /// one offered ends the break at none with STATUS_INVALID_OPLOCK_PROTOCOL; otherwise the open keeps
    /// <paramref name="level"/>. Either way the break is over and its waiters try again.
    /// With no break of this open in progress (none was sent, or it was a level II break, which is not
    /// acknowledged) the answer is STATUS_INVALID_OPLOCK_PROTOCOL, not the STATUS_INVALID_DEVICE_STATE of
    /// the 3.3.5.22.1 text: Windows and Samba answer so (smbtorture smb2.oplock.levelii500).
    /// </summary>
    public NtStatus Acknowledge(ShareModeOpen open, Smb2OplockLevel level, out Smb2OplockLevel granted)
    {
        List<OplockBreakWaiter>? woken;
        NtStatus status;
        lock (_lock)
        {
            if (!open.Breaking)
            {
                granted = open.Oplock;
                return NtStatus.InvalidOplockProtocol;
            }
            open.Breaking = false;
            status = level > open.BreakingTo ? NtStatus.InvalidOplockProtocol : NtStatus.Success;
            granted = status.IsError ? Smb2OplockLevel.None : level;
            SetOplock(open, granted);
            woken = TakeWaiters(open.File);
        }
        Wake(woken);
        return status;
    }

    /// <summary>
    /// The oplock break timer of <paramref name="waiter"/> expired (MS-SMB2 3.3.6.1): the breaks of
    /// its file end as if acknowledged to none and every waiter tries again. False when the waiter
    /// was no longer registered (a wake-up is already on its way to it).
    /// </summary>
    public bool BreakTimedOut(OplockBreakWaiter waiter)
    {
        List<OplockBreakWaiter>? woken;
        lock (_lock)
        {
            if (waiter.File is not { } file || !file.BreakWaiters.Remove(waiter))
                return false;
            foreach (ShareModeOpen o in file.Opens)
            {
                if (o.Breaking)
                {
                    o.Breaking = false;
                    SetOplock(o, Smb2OplockLevel.None);
                }
            }
            woken = TakeWaiters(file);
        }
        Wake(woken);
        return true;
    }

    /// <summary>Stops waiting (the operation was cancelled). False when a wake-up is already on its way.</summary>
    public bool RemoveWaiter(OplockBreakWaiter waiter)
    {
        lock (_lock)
            return waiter.File is { } file && file.BreakWaiters.Remove(waiter);
    }
}
