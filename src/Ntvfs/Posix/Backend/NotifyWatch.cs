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
/// Loop-owned; the <see cref="InotifyWatcher"/> thread reaches it only through <see cref="Post"/>,
/// which hands the changes to the loop. Changes that arrive while no request waits are kept (as
/// Windows does) up to <see cref="BufferLimit"/> bytes of FILE_NOTIFY_INFORMATION; beyond that, and
/// when a response buffer cannot hold them, the next response is STATUS_NOTIFY_ENUM_DIR with no data
/// ("too much changed, enumerate the directory"). Closing the open completes waiting requests with
/// STATUS_NOTIFY_CLEANUP.
/// </remarks>
internal sealed class NotifyWatch
{
    private static readonly Action<object?> DeliverOnLoop = o => ((Batch)o!).Deliver();

    private readonly PosixBackend _backend;
    private readonly VetoFiles _veto;
    private readonly List<NotifyEvent> _buffered = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private int _bufferedBytes;
    private bool _overflow;
    private NtStatus _failure = NtStatus.Success;
    private volatile bool _closed;

    private sealed class Waiter(TeventReq req, int outputLength)
    {
        public readonly TeventReq Req = req;
        public readonly int OutputLength = outputLength;
    }

    private sealed record Batch(NotifyWatch Watch, List<NotifyEvent> Events, bool Overflow)
    {
        public void Deliver() => Watch.Deliver(Events, Overflow);
    }

    public NotifyWatch(PosixBackend backend, EventContext ev, CompletionFilter filter, bool watchTree, VetoFiles veto, int bufferLimit)
    {
        _backend = backend;
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

    /// <summary>The kernel watches are in place (set on the loop when registration finished).</summary>
    public bool IsRegistered { get; private set; }

    /// <summary>The open was closed; the watcher stops delivering. Read from any thread.</summary>
    public bool IsClosed => _closed;

    /// <summary>Hands changes to the owning loop. Any thread (the watcher's).</summary>
    public void Post(List<NotifyEvent> events, bool overflow)
    {
        if (!_closed)
            Ev.PostThreaded(DeliverOnLoop, new Batch(this, events, overflow));
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

    private void Deliver(List<NotifyEvent> events, bool overflow)
    {
        if (_closed)
            return;
        if (overflow)
            _overflow = true;
        foreach (NotifyEvent e in events)
        {
            if ((e.Filter & Filter) == 0 || IsVetoed(e.Name))
                continue;
            _bufferedBytes += FileNotifyInformationWriter.FileNameOffset + e.Name.Length * 2 + FileNotifyInformationWriter.Alignment;
            if (_bufferedBytes > BufferLimit)
            {
                _overflow = true;
                _buffered.Clear();
                continue;
            }
            _buffered.Add(e);
        }
        TryComplete();
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
        CompleteAll(NtStatus.NotifyCleanup);
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
