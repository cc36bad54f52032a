using Protocol;
using Protocol.Fscc;
using TEvent;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// The change-notify state of one directory open (MS-SMB2 3.3.5.19): the filter and tree flag of
/// its first CHANGE_NOTIFY, the changes buffered since the last response, and the requests waiting
/// for changes.
/// </summary>
/// <remarks>
/// Loop-owned; other threads reach it only through <see cref="Post"/> (the inotify thread),
/// <see cref="PostDirect"/> and <see cref="PostEnd"/> (the backend's own operations, from any loop),
/// which hand their news to the loop. Changes that arrive while no request waits are kept (as
/// Windows does) up to <see cref="BufferLimit"/> bytes of FILE_NOTIFY_INFORMATION, the first
/// request's buffer size; beyond that, and when a response buffer cannot hold them, the next
/// response is STATUS_NOTIFY_ENUM_DIR with no data ("too much changed, enumerate the directory").
/// Closing the open completes waiting requests with STATUS_NOTIFY_CLEANUP.
/// <para>
/// Two sources, one report: a change made through the backend (names, attributes, times, and data:
/// WRITE, truncation, overwrite) is reported directly (deterministic: it is buffered before the
/// operation's response is sent). The kernel sees the same change and inotify reports it again a
/// moment later (or earlier: the two race to the loop). The inotify copy is the echo
/// (<see cref="IsEcho"/>) and is dropped: a name change (added, removed, renamed) consumes one
/// direct report of the same name within <see cref="EchoWindow"/>; a modification (IN_MODIFY:
/// writes and truncation; IN_ATTRIB: our own metadata extended attributes, times and modes) is
/// dropped while any direct report of that name is that recent. inotify changes wait
/// <see cref="HoldTime"/> before they are reported, so that a direct report arriving after its echo
/// still wins; a direct report of a name change later still (under load) finds its change already
/// reported from inotify and is dropped instead, so each change is reported once whichever source
/// wins. Changes made outside SMB therefore arrive through inotify, at most <see cref="HoldTime"/>
/// late; a modification made outside SMB within <see cref="EchoWindow"/> of a direct report of the
/// same name is taken for its echo.
/// </para>
/// </remarks>
internal sealed class NotifyWatch
{
    /// <summary>How long an inotify change waits for the direct report it may echo.</summary>
    public static readonly TimeSpan HoldTime = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a direct report may still swallow its inotify echo.</summary>
    public static readonly TimeSpan EchoWindow = TimeSpan.FromSeconds(2);

    private static readonly Action<object?> DeliverOnLoop = o => ((Batch)o!).Deliver();

    private readonly PosixBackend _backend;
    private readonly PosixHandle? _handle;
    private readonly VetoFiles _veto;
    private readonly List<NotifyEvent> _buffered = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly List<Recent> _recentDirect = new();
    private readonly List<Recent> _recentReleased = new();
    private readonly List<Held> _held = new();
    private TimerEvent? _holdTimer;
    private int _bufferedBytes;
    private bool _overflow;
    private NtStatus _failure = NtStatus.Success;
    private volatile bool _closed;

    private sealed class Waiter(TeventReq req, int outputLength)
    {
        public readonly TeventReq Req = req;
        public readonly int OutputLength = outputLength;
    }

    private sealed class Recent(NotifyEvent e, long time)
    {
        public readonly NotifyEvent Event = e;
        public readonly long Time = time;
        public bool Echoed;
    }

    private readonly record struct Held(NotifyEvent Event, long Time);

    private enum Source { Inotify, Direct, End }

    private sealed record Batch(NotifyWatch Watch, List<NotifyEvent> Events, bool Overflow, Source From, NtStatus EndStatus)
    {
        public void Deliver()
        {
            switch (From)
            {
                case Source.Direct:
                    Watch.DeliverDirect(Events);
                    break;
                case Source.End:
                    Watch.End(EndStatus);
                    break;
                default:
                    Watch.Deliver(Events, Overflow);
                    break;
            }
        }
    }

    public NotifyWatch(PosixBackend backend, EventContext ev, CompletionFilter filter, bool watchTree, VetoFiles veto, int bufferLimit,
        PosixHandle? handle = null)
    {
        _backend = backend;
        _handle = handle;
        Ev = ev;
        Filter = filter;
        WatchTree = watchTree;
        _veto = veto;
        BufferLimit = bufferLimit;
    }

    public EventContext Ev { get; }
    public CompletionFilter Filter { get; }
    public bool WatchTree { get; }
    public int BufferLimit { get; }

    /// <summary>The watched directory's disk path from the share root ("" for the root). Any thread.</summary>
    public string DirectoryPath => _handle is null ? "" : _backend.ShareModes.PathOf(_handle.File);

    /// <summary>The watched directory's share-mode entry (identity across opens). Any thread.</summary>
    public SharedFile? File => _handle?.File;

    /// <summary>The kernel watches are in place (set on the loop when registration finished).</summary>
    public bool IsRegistered { get; private set; }

    /// <summary>The open was closed; the watcher stops delivering. Read from any thread.</summary>
    public bool IsClosed => _closed;

    /// <summary>Hands inotify changes to the owning loop. Any thread (the watcher's).</summary>
    public void Post(List<NotifyEvent> events, bool overflow)
    {
        if (!_closed)
            Ev.PostThreaded(DeliverOnLoop, new Batch(this, events, overflow, Source.Inotify, default));
    }

    /// <summary>Hands changes made through the backend to the owning loop. Any thread.</summary>
    public void PostDirect(List<NotifyEvent> events)
    {
        if (!_closed)
            Ev.PostThreaded(DeliverOnLoop, new Batch(this, events, false, Source.Direct, default));
    }

    /// <summary>Ends the waiting requests with <paramref name="status"/> (STATUS_DELETE_PENDING). Any thread.</summary>
    public void PostEnd(NtStatus status)
    {
        if (!_closed)
            Ev.PostThreaded(DeliverOnLoop, new Batch(this, [], false, Source.End, status));
    }

    /// <summary>Registration with the watcher ended (in a thread job); a failure fails every waiting request.</summary>
    public void Registered(NtStatus status)
    {
        if (_closed)
            return;
        if (status.IsError)
        {
            _failure = status;
            CompleteAll(status);
            return;
        }
        IsRegistered = true;
        _backend.AdjustPendingNotifies(_waiters.Count);
        TryComplete();
    }

    /// <summary>A CHANGE_NOTIFY request: answered now if changes are buffered, else it waits (cancellable).</summary>
    public TeventReq Wait(int outputLength)
    {
        TeventReq req = NtvfsOp.Create<NtvfsInfoResult>(Ev, out NtvfsOp.State<NtvfsInfoResult> _, "posix notify");
        if (_failure.IsError)
        {
            NtvfsOp.Complete(req, _failure, default(NtvfsInfoResult));
            return req;
        }
        var waiter = new Waiter(req, outputLength);
        LinkedListNode<Waiter> node = _waiters.AddLast(waiter);
        if (IsRegistered)
            _backend.AdjustPendingNotifies(1);
        req.SetCancelFn(_ => Cancel(node));
        // Ended some other way (its end time passed): forget it, it may be recycled.
        req.SetCleanupFn((_, _) => Forget(node));
        TryComplete();
        return req;
    }

    private void Forget(LinkedListNode<Waiter> node)
    {
        if (node.List is null)
            return;
        _waiters.Remove(node);
        if (IsRegistered)
            _backend.AdjustPendingNotifies(-1);
    }

    private bool Cancel(LinkedListNode<Waiter> node)
    {
        if (node.List is null)
            return false;
        _waiters.Remove(node);
        if (IsRegistered)
            _backend.AdjustPendingNotifies(-1);
        NtvfsOp.Complete(node.Value.Req, NtStatus.Cancelled, default(NtvfsInfoResult));
        return true;
    }

    /// <summary>inotify's changes: echoes of direct reports dropped, the others held a moment.</summary>
    private void Deliver(List<NotifyEvent> events, bool overflow)
    {
        if (_closed)
            return;
        if (overflow)
            _overflow = true;
        long now = Ev.Now;
        PruneRecent(now);
        foreach (NotifyEvent e in events)
        {
            if (IsNameChange(e.Action))
            {
                // One name change is one inotify event: it consumes one direct report.
                Recent? echoed = _recentDirect.Find(r => !r.Echoed && IsEcho(r.Event, e));
                if (echoed is not null)
                {
                    echoed.Echoed = true;
                    continue;
                }
            }
            else if (_recentDirect.Exists(r => IsEcho(r.Event, e)))
            {
                continue;
            }
            _held.Add(new Held(e, now));
        }
        ScheduleHeld();
        TryComplete();
    }

    /// <summary>Changes made through the backend: reported at once; an inotify copy already held is their echo.</summary>
    private void DeliverDirect(List<NotifyEvent> events)
    {
        if (_closed)
            return;
        long now = Ev.Now;
        PruneRecent(now);
        foreach (NotifyEvent e in events)
        {
            // The inotify copy already waited out its hold and was reported (the operation's step
            // back on the loop came late, under load): this report is the duplicate, not that one.
            Recent? reported = _recentReleased.Find(r => !r.Echoed && IsEcho(e, r.Event));
            if (reported is not null)
            {
                reported.Echoed = true;
                _recentDirect.Add(new Recent(e, now) { Echoed = true });
                continue;
            }
            var recent = new Recent(e, now);
            int echo = _held.FindIndex(h => IsNameChange(h.Event.Action) && IsEcho(e, h.Event));
            if (echo >= 0)
            {
                _held.RemoveAt(echo);
                recent.Echoed = true;
            }
            _held.RemoveAll(h => !IsNameChange(h.Event.Action) && IsEcho(e, h.Event));
            _recentDirect.Add(recent);
            Buffer(e);
        }
        TryComplete();
    }

    private void PruneRecent(long now)
    {
        long window = (long)(EchoWindow.TotalSeconds * Ev.Clock.TimestampFrequency);
        _recentDirect.RemoveAll(r => now - r.Time > window);
        _recentReleased.RemoveAll(r => now - r.Time > window);
    }

    private void ScheduleHeld()
    {
        if (_held.Count == 0 || _holdTimer is { IsCancelled: false, HasFired: false })
            return;
        long hold = (long)(HoldTime.TotalSeconds * Ev.Clock.TimestampFrequency);
        _holdTimer = Ev.AddTimerAt(_held[0].Time + hold, (_, _) => ReleaseHeld(), null);
    }

    /// <summary>
    /// inotify changes that waited <see cref="HoldTime"/> without a direct report: made outside SMB,
    /// or by an operation whose direct report is late (it will find them in the released list).
    /// </summary>
    private void ReleaseHeld()
    {
        _holdTimer = null;
        if (_closed)
            return;
        long hold = (long)(HoldTime.TotalSeconds * Ev.Clock.TimestampFrequency);
        long now = Ev.Now;
        int due = 0;
        while (due < _held.Count && _held[due].Time + hold <= now)
            due++;
        for (int i = 0; i < due; i++)
        {
            Buffer(_held[i].Event);
            // Only name changes: a late direct report of a modification is let through (MODIFIED
            // twice is harmless, and adjacent ones read as one in Buffer), since dropping it would
            // lose an SMB write made just after a write from outside.
            if (IsNameChange(_held[i].Event.Action))
                _recentReleased.Add(new Recent(_held[i].Event, now));
        }
        _held.RemoveRange(0, due);
        ScheduleHeld();
        TryComplete();
    }

    /// <summary>
    /// The one test for "the same change": <paramref name="copy"/>, from inotify, is the kernel's view
    /// of <paramref name="direct"/>, a change reported through the backend. A name change echoes
    /// the name change of the same kind and name; a modification (IN_MODIFY of a WRITE, truncation or
    /// overwrite; IN_ATTRIB of our own DOS-attribute extended attribute, times and modes) echoes any
    /// direct report of that name, however many events the operation took.
    /// </summary>
    private static bool IsEcho(NotifyEvent direct, NotifyEvent copy)
        => direct.Name == copy.Name && (IsNameChange(copy.Action)
            ? IsNameChange(direct.Action) && SameKind(direct.Action, copy.Action)
            : copy.Action == FileAction.Modified);

    private static bool IsNameChange(FileAction action)
        => action is FileAction.Added or FileAction.Removed or FileAction.RenamedOldName or FileAction.RenamedNewName;

    /// <summary>A name appearing (ADDED, RENAMED_NEW_NAME) or going (REMOVED, RENAMED_OLD_NAME): the two sources may differ on which.</summary>
    private static bool SameKind(FileAction a, FileAction b)
        => (a is FileAction.Added or FileAction.RenamedNewName) == (b is FileAction.Added or FileAction.RenamedNewName);

    /// <summary>Keeps one change for the next response, if the filter wants it and the buffer has room.</summary>
    private void Buffer(NotifyEvent e)
    {
        if ((e.Filter & Filter) == 0 || IsVetoed(e.Name))
            return;
        // Repeated modifications of one file (each write, each attribute) read as one, as Windows reports them.
        if (e.Action == FileAction.Modified && _buffered.Count > 0 && _buffered[^1] is { Action: FileAction.Modified } last
            && last.Name == e.Name)
            return;
        _bufferedBytes += FileNotifyInformationWriter.FileNameOffset + e.Name.Length * 2 + FileNotifyInformationWriter.Alignment;
        if (_bufferedBytes > BufferLimit)
        {
            _overflow = true;
            _buffered.Clear();
            return;
        }
        _buffered.Add(e);
    }

    private bool IsVetoed(string name)
    {
        if (_veto.IsEmpty)
            return false;
        foreach (string component in name.Split('\\'))
        {
            if (_veto.IsVetoed(component))
                return true;
        }
        return false;
    }

    /// <summary>Answers the oldest waiting request when there is something to say.</summary>
    private void TryComplete()
    {
        if (!IsRegistered || _waiters.First is not { } node || (_buffered.Count == 0 && !_overflow))
            return;
        _waiters.RemoveFirst();
        _backend.AdjustPendingNotifies(-1);
        Waiter waiter = node.Value;
        waiter.Req.SetCancelFn(null);
        bool enumerate = _overflow;
        byte[] buffer = enumerate ? [] : new byte[Math.Min(waiter.OutputLength, PosixBackend.MaxInfoOutput)];
        int written = 0;
        if (!enumerate)
        {
            var writer = new FileNotifyInformationWriter(buffer);
            foreach (NotifyEvent e in _buffered)
            {
                // MS-SMB2 3.3.5.19: changes that do not fit the response are reported as NOTIFY_ENUM_DIR.
                if (!writer.TryAdd(e.Action, e.Name))
                {
                    enumerate = true;
                    break;
                }
            }
            written = enumerate ? 0 : writer.BytesWritten;
        }
        _buffered.Clear();
        _bufferedBytes = 0;
        _overflow = false;
        NtvfsOp.Complete(waiter.Req, enumerate ? NtStatus.NotifyEnumDir : NtStatus.Success,
            new NtvfsInfoResult(enumerate ? [] : buffer, written));
    }

    /// <summary>The open is closing: waiting requests end with STATUS_NOTIFY_CLEANUP and nothing more is delivered.</summary>
    public void Close()
    {
        if (_closed)
            return;
        _closed = true;
        _holdTimer?.Cancel();
        _holdTimer = null;
        CompleteAll(NtStatus.NotifyCleanup);
    }

    /// <summary>
    /// The directory became delete-pending: waiting requests end with <paramref name="status"/>, and
    /// so do later ones at once. Loop thread.
    /// </summary>
    public void End(NtStatus status)
    {
        if (_closed)
            return;
        _failure = status;
        CompleteAll(status);
    }

    private void CompleteAll(NtStatus status)
    {
        while (_waiters.First is { } node)
        {
            _waiters.RemoveFirst();
            if (IsRegistered)
                _backend.AdjustPendingNotifies(-1);
            node.Value.Req.SetCancelFn(null);
            NtvfsOp.Complete(node.Value.Req, status, new NtvfsInfoResult([], 0));
        }
    }
}
