using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TEvent;

/// <summary>
/// An event loop owned by one thread (tevent_context). Everything registered on it runs on that
/// thread, so state touched only from one loop needs no locks.
///
/// One round (<see cref="LoopOnce()"/>) first polls the file descriptors (epoll_wait): blocking,
/// when nothing is runnable, until an fd is ready, a post, a signal or the next timer; without
/// blocking otherwise. Then it runs, in order: pending signals; the threaded immediates that were
/// posted when that phase began; the handlers of the fds found ready by the poll; the immediates
/// that were queued when the immediate phase began (ones queued by those callbacks wait for the
/// next round, so a self-rescheduling immediate cannot starve timers, I/O or posts from other
/// threads); due timers.
///
/// Cross-thread wake-ups (<see cref="PostThreaded"/>, signals, <see cref="Stop"/>) write to an
/// eventfd in the epoll set, but only when the loop is sleeping or about to: a busy loop costs its
/// posters no system call.
///
/// Threading: the constructor binds the loop to the calling thread. Only
/// <see cref="PostThreaded"/>, <see cref="TryPostThreaded"/>, <see cref="Stop"/> and reading
/// <see cref="Counters"/> may be called from other threads; every other member throws
/// <see cref="InvalidOperationException"/> when called off the loop thread.
/// <see cref="Dispose"/> (after the loop has stopped) closes the epoll and eventfd descriptors.
/// </summary>
public sealed partial class EventContext : IDisposable
{
    private readonly Queue<ImmediateEntry> _immediates = new();
    private readonly Queue<ImmediateEntry> _threadedBatch = new();
    private readonly ThreadedImmediateQueue _threaded;
    private readonly PriorityQueue<TimerEvent, long> _timers = new();
    private readonly Queue<SignalEvent> _pendingSignals = new();
    private readonly TimeProvider _clock;
    private int _ownerThreadId;
    private int _liveTimers;
    private volatile bool _stopRequested;
    private Action<TracePoint>? _trace;
    private int _load;

    /// <param name="logger">Receives long-callback warnings and coroutine failures.</param>
    /// <param name="clock">Monotonic clock for timers; tests pass a fake one.</param>
    /// <param name="threadedCapacity">Bound of the threaded-immediate queue (back-pressure beyond it).</param>
    public EventContext(ILogger? logger = null, TimeProvider? clock = null, int threadedCapacity = 65536, string? name = null)
    {
        _ownerThreadId = Environment.CurrentManagedThreadId;
        Logger = logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        _threaded = new ThreadedImmediateQueue(threadedCapacity);
        Name = name ?? "loop";
        PipeScheduler = new LoopPipeScheduler(this);
        _poller = new EpollPoller();
    }

    public string Name { get; }
    public ILogger Logger { get; }
    public LoopCounters Counters { get; } = new();

    /// <summary>
    /// A callback running longer than this logs a warning. Zero disables the check. Measured on a
    /// coarse clock: resolution is the kernel tick (a few ms), so use tens of ms or more.
    /// </summary>
    public TimeSpan LongCallbackThreshold
    {
        get => TimeSpan.FromMilliseconds(_longCallbackThresholdMs);
        set => _longCallbackThresholdMs = (long)Math.Ceiling(value.TotalMilliseconds);
    }

    private long _longCallbackThresholdMs = 200;

    /// <summary>Runs System.IO.Pipelines continuations on this loop.</summary>
    public PipeScheduler PipeScheduler { get; }

    public bool IsOnLoopThread => Environment.CurrentManagedThreadId == _ownerThreadId;

    /// <summary>
    /// Work attached to this loop (for example connections), as counted by its users through
    /// <see cref="AddLoad"/>; <see cref="LoopGroup.LeastLoaded"/> compares it. Any thread.
    /// </summary>
    public int Load => Volatile.Read(ref _load);

    public void AddLoad(int delta) => Interlocked.Add(ref _load, delta);

    /// <summary>The loop clock's current timestamp (<see cref="TimeProvider.GetTimestamp"/> units).</summary>
    public long Now => _clock.GetTimestamp();

    public TimeProvider Clock => _clock;

    public void AssertOnLoop()
    {
        if (Environment.CurrentManagedThreadId != _ownerThreadId)
            throw new InvalidOperationException(
                $"EventContext '{Name}' is owned by thread {_ownerThreadId}; called from thread {Environment.CurrentManagedThreadId}.");
    }

    /// <summary>
    /// Hands the loop to the calling thread. Only for a loop built on one thread and run on another
    /// (<see cref="LoopGroup"/>) before it has run anything.
    /// </summary>
    internal void BindToCurrentThread() => _ownerThreadId = Environment.CurrentManagedThreadId;

    /// <summary>tevent_set_trace_callback: called at each <see cref="TracePoint"/>; null removes it. Loop thread only.</summary>
    public void SetTraceCallback(Action<TracePoint>? trace)
    {
        AssertOnLoop();
        _trace = trace;
    }

    // ---- immediate events -------------------------------------------------------------------

    /// <summary>
    /// tevent_schedule_immediate: runs <paramref name="callback"/> on the next round, in FIFO order.
    /// Pass a cached (static) delegate and the object it works on to avoid allocations. Loop thread only.
    /// </summary>
    public void ScheduleImmediate(Action<object?> callback, object? state)
    {
        AssertOnLoop();
        _immediates.Enqueue(new ImmediateEntry(callback, state));
        if (_immediates.Count > Counters.ImmediateQueueHighWater) Counters.ImmediateQueueHighWater = _immediates.Count;
    }

    // ---- threaded immediates ----------------------------------------------------------------

    /// <summary>
    /// tevent_threaded_schedule_immediate: the only way another thread hands work to this loop.
    /// Any thread. Blocks while the queue is full (back-pressure). Called on the loop thread itself it
    /// is the same as <see cref="ScheduleImmediate"/>, so the loop can never block on its own queue.
    /// </summary>
    public void PostThreaded(Action<object?> callback, object? state)
    {
        if (IsOnLoopThread)
        {
            ScheduleImmediate(callback, state);
            return;
        }
        int depth = _threaded.Post(new ImmediateEntry(callback, state));
        NoteThreadedDepth(depth);
        WakeIfSleeping();
    }

    /// <summary>Like <see cref="PostThreaded"/> but returns false instead of blocking when the queue is full.</summary>
    public bool TryPostThreaded(Action<object?> callback, object? state)
    {
        if (IsOnLoopThread)
        {
            ScheduleImmediate(callback, state);
            return true;
        }
        if (!_threaded.TryPost(new ImmediateEntry(callback, state), out int depth)) return false;
        NoteThreadedDepth(depth);
        WakeIfSleeping();
        return true;
    }

    private void NoteThreadedDepth(int depth)
    {
        // A racy max is fine: it is a high-water mark for observability.
        if (depth > Volatile.Read(ref Counters.ThreadedQueueHighWater)) Volatile.Write(ref Counters.ThreadedQueueHighWater, depth);
    }

    // ---- timers -----------------------------------------------------------------------------

    /// <summary>tevent_add_timer: fires once after <paramref name="after"/>. Loop thread only.</summary>
    public TimerEvent AddTimer(TimeSpan after, Action<TimerEvent, object?> callback, object? state)
    {
        long ticks = (long)(after.TotalSeconds * _clock.TimestampFrequency);
        return AddTimerAt(Now + Math.Max(0, ticks), callback, state);
    }

    /// <summary>Fires once at <paramref name="deadline"/> (loop clock timestamp). Loop thread only.</summary>
    public TimerEvent AddTimerAt(long deadline, Action<TimerEvent, object?> callback, object? state)
    {
        AssertOnLoop();
        var timer = new TimerEvent(this, deadline, callback, state);
        _timers.Enqueue(timer, deadline);
        _liveTimers++;
        if (_liveTimers > Counters.TimerQueueHighWater) Counters.TimerQueueHighWater = _liveTimers;
        return timer;
    }

    internal void TimerCancelled() => _liveTimers--;

    /// <summary>Converts a span on this loop's clock into timestamp units.</summary>
    public long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * _clock.TimestampFrequency);

    // ---- signals ----------------------------------------------------------------------------

    /// <summary>tevent_add_signal: <paramref name="callback"/> runs on the loop when the signal arrives. Loop thread only.</summary>
    public SignalEvent AddSignal(PosixSignal signal, Action<PosixSignal> callback)
    {
        AssertOnLoop();
        return new SignalEvent(this, signal, callback);
    }

    internal void SignalArrived(SignalEvent signal)
    {
        lock (_pendingSignals) _pendingSignals.Enqueue(signal);
        WakeIfSleeping();
    }

    // ---- running ----------------------------------------------------------------------------

    /// <summary>Asks <see cref="Loop"/> to return after the current round. Any thread.</summary>
    public void Stop()
    {
        _stopRequested = true;
        WakeIfSleeping();
    }

    /// <summary>tevent_loop_wait: runs rounds until <see cref="Stop"/>. Loop thread only.</summary>
    public void Loop()
    {
        AssertOnLoop();
        while (!_stopRequested) LoopOnce();
        // Reset on the way out, not on entry: a Stop() that lands before Loop() starts still counts.
        _stopRequested = false;
    }

    /// <summary>tevent_req_poll: runs rounds until <paramref name="req"/> has completed. Loop thread only.</summary>
    public void LoopUntil(TeventReq req)
    {
        AssertOnLoop();
        while (!req.IsCompleted) LoopOnce();
    }

    /// <summary>Runs rounds until <paramref name="condition"/> holds. Loop thread only.</summary>
    public void LoopUntil(Func<bool> condition)
    {
        AssertOnLoop();
        while (!condition()) LoopOnce();
    }

    /// <summary>tevent_loop_once: one round; waits for work when nothing is runnable. Loop thread only.</summary>
    public void LoopOnce() => LoopOnce(Timeout.InfiniteTimeSpan);

    /// <summary>One round; waits at most <paramref name="maxWait"/> when nothing is runnable.</summary>
    public void LoopOnce(TimeSpan maxWait)
    {
        AssertOnLoop();
        _trace?.Invoke(TracePoint.BeforeLoopOnce);
        Counters.Rounds++;

        // Wait first, and only when nothing is runnable, so that a round which did work returns to
        // its caller (LoopUntil re-checks its condition) instead of blocking after the work. A busy
        // round still polls the fds (without blocking) once BusyPollInterval has passed since the
        // last poll, so I/O is served however busy the loop is, at one system call per interval
        // rather than per round.
        bool runnable = _immediates.Count != 0 || HasPostedWork() || HasDueTimer();
        if (!runnable) Poll(WaitTimeout(maxWait));
        else if (BusyPollDue()) Poll(TimeSpan.Zero);

        RunSignals();
        RunThreadedImmediates();
        RunFdEvents();
        RunImmediates();
        RunTimers();

        _trace?.Invoke(TracePoint.AfterLoopOnce);
    }

    private bool HasDueTimer()
    {
        while (_timers.TryPeek(out var head, out long deadline))
        {
            if (!head.IsCancelled) return deadline <= Now;
            _timers.Dequeue();
        }
        return false;
    }

    private bool HasPendingSignals()
    {
        lock (_pendingSignals) return _pendingSignals.Count > 0;
    }

    private void RunSignals()
    {
        while (true)
        {
            SignalEvent? signal;
            lock (_pendingSignals)
                if (!_pendingSignals.TryDequeue(out signal)) return;
            if (signal.Disposed) continue;
            _trace?.Invoke(TracePoint.RunSignal);
            Counters.SignalsRun++;
            long start = Environment.TickCount64;
            try { signal.Callback(signal.Signal); }
            finally { CheckDuration(start, "signal"); }
        }
    }

    private void RunThreadedImmediates()
    {
        // Only what is there now: a thread posting in a tight loop cannot keep us in this phase.
        int n = _threaded.Drain(_threadedBatch, int.MaxValue);
        for (int i = 0; i < n; i++)
        {
            var entry = _threadedBatch.Dequeue();
            _trace?.Invoke(TracePoint.RunThreadedImmediate);
            Counters.ThreadedImmediatesRun++;
            Run(entry, "threaded immediate");
        }
    }

    private void RunImmediates()
    {
        // The count is taken once: immediates queued by these callbacks wait for the next round.
        int n = _immediates.Count;
        for (int i = 0; i < n; i++)
        {
            var entry = _immediates.Dequeue();
            _trace?.Invoke(TracePoint.RunImmediate);
            Counters.ImmediatesRun++;
            Run(entry, "immediate");
        }
    }

    private void RunTimers()
    {
        if (_timers.Count == 0) return; // no clock read in a round without timers
        long now = Now;
        while (_timers.TryPeek(out var timer, out long deadline) && deadline <= now)
        {
            _timers.Dequeue();
            if (timer.IsCancelled) continue;
            _liveTimers--;
            timer.HasFired = true;
            _trace?.Invoke(TracePoint.RunTimer);
            Counters.TimersRun++;
            long start = Environment.TickCount64;
            try { timer.Callback(timer, timer.State); }
            finally { CheckDuration(start, "timer"); }
        }
        // Drop cancelled timers at the head so an idle loop does not wake for them.
        while (_timers.TryPeek(out var head, out _) && head.IsCancelled) _timers.Dequeue();
    }

    private void Run(in ImmediateEntry entry, string kind)
    {
        long start = Environment.TickCount64;
        try { entry.Callback(entry.State); }
        finally { CheckDuration(start, kind); }
    }

    /// <summary>
    /// The long-callback check. <paramref name="start"/> is <see cref="Environment.TickCount64"/>: a
    /// coarse clock (milliseconds, kernel-tick resolution) that costs a few nanoseconds, where a
    /// precise timestamp costs tens, twice per callback; thresholds are in the hundreds of ms.
    /// </summary>
    private void CheckDuration(long start, string kind)
    {
        long thresholdMs = _longCallbackThresholdMs;
        if (thresholdMs <= 0) return;
        long elapsedMs = Environment.TickCount64 - start;
        if (elapsedMs < thresholdMs) return;
        Counters.LongCallbacks++;
        LogLongCallback(Logger, Name, kind, elapsedMs);
    }

    /// <summary>How long an idle round may block: until the next timer, at most <paramref name="maxWait"/>.</summary>
    private TimeSpan WaitTimeout(TimeSpan maxWait)
    {
        TimeSpan timeout = maxWait;
        if (_timers.TryPeek(out _, out long deadline))
        {
            long ticks = deadline - Now;
            var untilTimer = ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)ticks / _clock.TimestampFrequency);
            if (timeout == Timeout.InfiniteTimeSpan || untilTimer < timeout) timeout = untilTimer;
        }
        return timeout;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Loop {Loop}: a {Kind} callback ran for {Milliseconds} ms; the loop could not serve anything else meanwhile")]
    private static partial void LogLongCallback(ILogger logger, string loop, string kind, long milliseconds);
}
