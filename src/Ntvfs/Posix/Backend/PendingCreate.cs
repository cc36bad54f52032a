using Protocol;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// One SMB2 CREATE being served by the posix backend (MS-SMB2 3.3.5.9): the open runs in a thread
/// job; when it first needs an oplock of another open broken (MS-SMB2 3.3.4.6, MS-FSA 2.1.5.1.2),
/// the table starts the break and registers this request as a waiter, and the request waits -
/// telling the SMB layer it goes async - until the holder acknowledges or closes, or the oplock
/// break timer expires, and then runs the whole open again (the file may have changed meanwhile).
/// </summary>
/// <remarks>
/// Loop-owned, except <see cref="Woken"/>, which the table calls from the thread that ended the
/// break: it only posts to the loop. A wake-up and a cancel or timeout can race; the table decides
/// (a waiter it still holds is removed by the cancel or timeout, one it already woke continues).
/// </remarks>
internal sealed class PendingCreate : OplockBreakWaiter
{
    private static readonly Action<object?> WokenOnLoop = o => ((PendingCreate)o!).OnWoken();
    private static readonly Action<TimerEvent, object?> TimedOutOnLoop = (_, o) => ((PendingCreate)o!).OnTimeout();

    private readonly PosixBackend _backend;
    private readonly NtvfsRequest _r;
    private readonly TeventReq _req;
    private readonly Func<PendingCreate, Outcome<PosixBackend.CreateWork?>> _open;
    private readonly ulong _sessionId;
    private TimerEvent? _timer;

    /// <summary>Queued in a <see cref="CreateJobBatch"/>, or its job is running: loop-owned.</summary>
    private bool _inJob;

    /// <summary>Queued, Running or Cancelled while <see cref="_inJob"/>; the worker and the loop race on it.</summary>
    private int _phase;

    /// <summary>What the open produced in the job (written by the worker, read on the loop after the job).</summary>
    private Outcome<PosixBackend.CreateWork?> _outcome;
    private Exception? _exception;
    private bool _waiting;
    private bool _wokenEarly;
    private bool _wentAsync;

    /// <summary>The open reserved for the session went to a registered handle or was given back.</summary>
    private bool _settled;

    /// <summary>The request completed (by us, or its end time passed) or was received: hands off.</summary>
    private bool _ended;

    private PendingCreate(PosixBackend backend, NtvfsRequest r, TeventReq req, ulong sessionId,
        Func<PendingCreate, Outcome<PosixBackend.CreateWork?>> open)
    {
        _backend = backend;
        _r = r;
        _req = req;
        _sessionId = sessionId;
        _open = open;
    }

    public static TeventReq Send(PosixBackend backend, NtvfsRequest r, ulong sessionId,
        Func<PendingCreate, Outcome<PosixBackend.CreateWork?>> open)
    {
        TeventReq req = NtvfsOp.Create<NtvfsCreateResult>(r.Ev, out NtvfsOp.State<NtvfsCreateResult> _, "posix create");
        var pending = new PendingCreate(backend, r, req, sessionId, open);
        req.SetCancelFn(_ => pending.Cancel());
        req.SetCleanupFn((_, _) => pending.Ended());
        pending.StartJob();
        return req;
    }

    /// <summary>The event context of the opener: where breaks of the oplock it gets are delivered.</summary>
    public EventContext Ev => _r.Ev;

    private const int Queued = 0, Running = 1, Cancelled = 2;

    private void StartJob()
    {
        _waiting = false;
        _wokenEarly = false;
        _inJob = true;
        _outcome = default;
        _exception = null;
        Volatile.Write(ref _phase, Queued);
        CreateJobBatch.Add(_r.Ev, this);
    }

    /// <summary>On the batch's worker thread: runs the open unless the create was cancelled first.</summary>
    internal void RunInJob()
    {
        if (Interlocked.CompareExchange(ref _phase, Running, Queued) != Queued)
            return;
        try
        {
            _outcome = _open(this);
        }
        catch (Exception e)
        {
            _exception = e;
        }
    }

    /// <summary>On the loop, once the batch's job has ended (<paramref name="code"/>: its own failure, else 0).</summary>
    internal void JobDone(uint code)
    {
        _inJob = false;
        if (Volatile.Read(ref _phase) == Cancelled)
            return; // answered by Cancel already
        if (code == 0 && _exception is not null)
        {
            PosixBackendLog.CreateJobFailed(_r.Ev.Logger, _exception);
            code = NtStatus.InternalError.Value;
        }
        Outcome<PosixBackend.CreateWork?> o = _outcome;
        _outcome = default;
        if (code != 0)
        {
            Release(default);
            Finish(new NtStatus(code), default);
            return;
        }
        if (o.Status == NtStatus.Pending)
        {
            // The table holds us as a waiter of File, and has started the break.
            if (_ended)
            {
                _backend.ShareModes.RemoveWaiter(this);
                Release(default);
                return;
            }
            if (_wokenEarly)
            {
                StartJob();
                return;
            }
            _waiting = true;
            if (!_wentAsync)
            {
                _wentAsync = true;
                _r.GoingAsync?.Invoke();
            }
            _timer = _r.Ev.AddTimer(_backend.OplockBreakTimeout, TimedOutOnLoop, this);
            return;
        }
        if (_ended)
        {
            Release(o);
            return;
        }
        if (o.Status.IsError || o.Result is null)
        {
            Release(default);
            Finish(o.Status.IsSuccess ? NtStatus.InternalError : o.Status, default);
            return;
        }
        _settled = true;
        Finish(NtStatus.Success, _backend.CreateRegistered(o.Result));
    }

    protected internal override void Woken() => _r.Ev.PostThreaded(WokenOnLoop, this);

    private void OnWoken()
    {
        if (_ended)
            return;
        if (!_waiting)
        {
            // The wake-up overtook the result of the job that registered us: JobDone starts again.
            _wokenEarly = true;
            return;
        }
        _timer?.Cancel();
        _timer = null;
        StartJob();
    }

    private void OnTimeout()
    {
        _timer = null;
        if (_ended || !_waiting)
            return;
        // MS-SMB2 3.3.6.1 Oplock Break Acknowledgment Timer: the break ends as if acknowledged to none.
        if (_backend.ShareModes.BreakTimedOut(this))
            StartJob();
    }

    /// <summary>SMB2 CANCEL: STATUS_CANCELLED while queued or waiting for a break; an open already running finishes.</summary>
    private bool Cancel()
    {
        if (_inJob)
        {
            if (Interlocked.CompareExchange(ref _phase, Cancelled, Queued) != Queued)
                return false;
            Release(default);
            Finish(NtStatus.Cancelled, default);
            return true;
        }
        if (!_waiting)
            return false;
        _waiting = false;
        _timer?.Cancel();
        _timer = null;
        _backend.ShareModes.RemoveWaiter(this);
        Release(default);
        Finish(NtStatus.Cancelled, default);
        return true;
    }

    private void Ended()
    {
        if (_ended)
            return;
        _ended = true;
        _timer?.Cancel();
        _timer = null;
        if (_waiting)
        {
            _waiting = false;
            _backend.ShareModes.RemoveWaiter(this);
            Release(default);
        }
    }

    /// <summary>Gives back the open reserved for the session, and a handle nobody will register.</summary>
    private void Release(Outcome<PosixBackend.CreateWork?> o)
    {
        if (_settled)
            return;
        _settled = true;
        _backend.CreateAbandoned(_sessionId, o);
    }

    private void Finish(NtStatus status, NtvfsCreateResult result)
    {
        if (_ended)
            return;
        _req.SetCancelFn(null);
        NtvfsOp.Complete(_req, status, result);
    }
}
