using Microsoft.Extensions.Logging;

namespace TEvent.Coroutines;

/// <summary>
/// A coroutine: a request (the outer request) served by an async body that reads like synchronous
/// code and suspends only on <c>await co.Yield(subreq)</c>.
///
/// Invariants (each has a test in tests/TEvent.Tests/CoroutineInvariantTests.cs):
/// 1. <see cref="Send{T}(EventContext, Func{Coroutine, CoroutineBody{T}}, string?)"/> only schedules
///    the start as an immediate event; it never runs body code.
/// 2. <see cref="Yield"/> is the only suspension point; awaiting anything else that would suspend
///    fails the body.
/// 3. When the sub-request completes, an immediate event resumes the body; so the stack is always
///    loop -> one coroutine step -> loop, never one step inside another (checked at run time).
/// 4. A body starts other coroutines only through their Send and waits for them with Yield.
/// 5. The body's return value completes the outer request; an exception becomes
///    <see cref="TeventError.InternalError"/> and a log line, and never reaches the loop.
/// 6. Cancelling the outer request cancels the sub-request being waited on; Yield returns false.
///    A Yield on a coroutine that is already cancelled cancels its sub-request and returns false.
/// 7. A steady-state yield and resume allocates nothing (requests, states, boxes and coroutines are pooled).
/// All members are loop-thread only.
/// </summary>
public sealed partial class Coroutine
{
    private const int MaxPooled = 1024;
    [ThreadStatic] private static Stack<Coroutine>? t_pool;
    [ThreadStatic] private static Coroutine? t_starting;
    [ThreadStatic] private static int t_stepDepth;

    private static readonly Action<object?> StartStep = o => ((Coroutine)o!).RunStart();
    private static readonly Action<object?> ResumeStep = o => ((Coroutine)o!).RunResume();
    private static readonly Func<TeventReq, bool> CancelOuter = req => req.StateAs<CoroutineState>().Coroutine!.CancelRequested();

    private readonly Action<TeventReq> _subreqDone;
    private Func<Coroutine, object?, object?>? _startBody;
    private object? _startArg;
    private Delegate? _bodyFactory;
    private TeventReq? _waiting;
    private bool _cancelled;
    private bool _resumeCancelled;
    private bool _finished;

    private Coroutine(EventContext ev)
    {
        Ev = ev;
        _subreqDone = SubreqDone;
    }

    /// <summary>The loop the body runs on.</summary>
    public EventContext Ev { get; private set; }

    /// <summary>The request that callers of Send hold; the body's result completes it.</summary>
    public TeventReq Req { get; private set; } = null!;

    /// <summary>True once the outer request was cancelled.</summary>
    public bool IsCancelled => _cancelled;

    internal IStateMachineBox? Box { get; set; }

    /// <summary>Depth of coroutine steps on this thread's stack right now (0 or 1 by invariant 3).</summary>
    public static int CurrentStepDepth => t_stepDepth;

    /// <summary>
    /// Starts <paramref name="body"/> as a coroutine on <paramref name="ev"/>: returns the outer request
    /// at once; the body's first step runs from an immediate event on a later loop round.
    /// </summary>
    public static TeventReq Send<T>(EventContext ev, Func<Coroutine, CoroutineBody<T>> body, string? location = null)
        => Send(ev, body, static (co, arg) => ((Func<Coroutine, CoroutineBody<T>>)arg!)(co), location);

    /// <summary>
    /// As <see cref="Send{T}(EventContext, Func{Coroutine, CoroutineBody{T}}, string?)"/>, with the
    /// body's argument passed separately so that a static lambda needs no closure allocation.
    /// </summary>
    public static TeventReq Send<T, TArg>(EventContext ev, TArg arg, Func<Coroutine, TArg, CoroutineBody<T>> body, string? location = null)
    {
        var req = TeventReq.Create(ev, out CoroutineState<T> state, location);
        var co = Rent(ev);
        co.Req = req;
        state.Coroutine = co;
        co._bodyFactory = body;
        // A struct argument (a tuple of the body's inputs, typically) travels in a pooled box, not
        // a fresh boxing per start: typeof(TArg).IsValueType is a JIT-time constant.
        co._startArg = typeof(TArg).IsValueType ? ArgBox<TArg>.Rent(arg) : arg;
        co._startBody = StartThunk<T, TArg>.Instance;
        req.SetCancelFn(CancelOuter);
        ev.ScheduleImmediate(StartStep, co);
        return req;
    }

    /// <summary>Collects a coroutine's result: the error code (0 on success) and the body's return value.</summary>
    public static uint Recv<T>(TeventReq req, out T result)
    {
        var state = req.StateAs<CoroutineState<T>>();
        bool failed = req.IsError(out uint code);
        result = failed ? default! : state.Result;
        req.Received();
        return code;
    }

    /// <summary>
    /// Suspends the body until <paramref name="subreq"/> completes; true when it did, false when the
    /// coroutine was cancelled (then return from the body). Call <c>FooRecv(subreq)</c> right after.
    /// </summary>
    public YieldAwaitable Yield(TeventReq subreq)
    {
        Ev.AssertOnLoop();
        ArgumentNullException.ThrowIfNull(subreq);
        // Cancelled before this yield (a CANCEL that came in the same read as its request, before the
        // body ran): Yield returns false at once, and the sub-request must not run on with nobody
        // waiting for it (a waiting CHANGE_NOTIFY would take the change meant for the next one).
        if (_cancelled && subreq.IsInProgress) subreq.Cancel();
        return new YieldAwaitable(this, subreq);
    }

    /// <summary>Makes the outer request fail with <paramref name="errorCode"/> when the body returns.</summary>
    public void SetError(uint errorCode)
    {
        if (errorCode == 0) throw new ArgumentException("an error code must be non-zero", nameof(errorCode));
        ErrorToReport = errorCode;
    }

    internal uint ErrorToReport { get; private set; }

    internal static Exception ForeignAwait() => new InvalidOperationException(
        "a coroutine body may only await co.Yield(subreq); other awaitables would resume it off the loop");

    internal static Coroutine TakeStarting()
    {
        var co = t_starting ?? throw new InvalidOperationException(
            "a coroutine body may only be started by Coroutine.Send; it must never be called directly");
        t_starting = null;
        return co;
    }

    internal void Arm(TeventReq? subreq)
    {
        _waiting = subreq;
        // The callback runs when subreq completes, possibly on subreq's own loop thread.
        subreq!.SetCallback(_subreqDone);
    }

    internal bool ConsumeResumeCancelled()
    {
        bool cancelled = _resumeCancelled || _cancelled;
        _resumeCancelled = false;
        return cancelled;
    }

    internal void Finish<T>(T result)
    {
        _finished = true;
        var req = Req;
        req.StateAs<CoroutineState<T>>().Result = result;
        uint error = ErrorToReport;
        if (error != 0) req.Error(error);
        else req.Done();
    }

    internal void Fail(Exception exception)
    {
        _finished = true;
        LogBodyFailed(Ev.Logger, Req.Location ?? "coroutine", exception);
        Req.Error(TeventError.InternalError);
    }

    private void SubreqDone(TeventReq subreq)
    {
        if (!ReferenceEquals(subreq, _waiting)) return; // detached by cancellation
        if (Ev.IsOnLoopThread) Ev.ScheduleImmediate(ResumeStep, this);
        else Ev.PostThreaded(ResumeStep, this);
    }

    private bool CancelRequested()
    {
        if (_finished) return false;
        _cancelled = true;
        var waiting = _waiting;
        if (waiting == null) return true; // not started yet: the first Yield returns false
        if (waiting.IsInProgress && waiting.Cancel()) return true; // its completion resumes us
        // The sub-request cannot be cancelled: stop listening to it and resume now with false.
        _waiting = null;
        waiting.SetCallback(null);
        _resumeCancelled = true;
        Ev.ScheduleImmediate(ResumeStep, this);
        return true;
    }

    private void RunStart()
    {
        EnterStep();
        try
        {
            t_starting = this;
            _startBody!(this, _startArg);
        }
        catch (Exception e)
        {
            // Only reachable when the factory itself throws before the body's builder exists.
            if (!_finished) Fail(e);
        }
        finally
        {
            t_starting = null;
            ExitStep();
        }
    }

    private void RunResume()
    {
        if (_finished || Box == null) return;
        _waiting = null;
        EnterStep();
        try { Box.MoveNext(); }
        finally { ExitStep(); }
    }

    private void EnterStep()
    {
        if (t_stepDepth != 0)
            throw new InvalidOperationException("coroutine step nested inside another coroutine step (invariant 3)");
        t_stepDepth = 1;
    }

    private void ExitStep()
    {
        t_stepDepth = 0;
        if (_finished) Release();
    }

    private static Coroutine Rent(EventContext ev)
    {
        if (t_pool is { Count: > 0 } pool)
        {
            var co = pool.Pop();
            co.Ev = ev;
            return co;
        }
        return new Coroutine(ev);
    }

    private void Release()
    {
        Box?.Release();
        Box = null;
        _waiting = null;
        _startBody = null;
        _startArg = null;
        _bodyFactory = null;
        _cancelled = false;
        _resumeCancelled = false;
        _finished = false;
        ErrorToReport = 0;
        Req = null!;
        var pool = t_pool ??= new Stack<Coroutine>();
        if (pool.Count < MaxPooled) pool.Push(this);
    }

    /// <summary>Calls the typed body factory without a closure: one cached instance per (T, TArg).</summary>
    private static class StartThunk<T, TArg>
    {
        public static readonly Func<Coroutine, object?, object?> Instance = static (co, arg) =>
        {
            var factory = (Func<Coroutine, TArg, CoroutineBody<T>>)co._bodyFactory!;
            TArg value = typeof(TArg).IsValueType ? ArgBox<TArg>.Take(arg!) : (TArg)arg!;
            co._startArg = null;
            factory(co, value);
            return null;
        };
    }

    /// <summary>A per-thread pool of boxes for struct start arguments (loop thread: Send and the start run there).</summary>
    private sealed class ArgBox<TArg>
    {
        [ThreadStatic] private static Stack<ArgBox<TArg>>? t_boxes;
        private TArg _value = default!;

        public static ArgBox<TArg> Rent(TArg value)
        {
            var box = t_boxes is { Count: > 0 } boxes ? boxes.Pop() : new ArgBox<TArg>();
            box._value = value;
            return box;
        }

        /// <summary>The value, and the box back to the pool (its reference fields cleared).</summary>
        public static TArg Take(object boxed)
        {
            var box = (ArgBox<TArg>)boxed;
            var value = box._value;
            box._value = default!;
            var boxes = t_boxes ??= new Stack<ArgBox<TArg>>();
            if (boxes.Count < MaxPooled) boxes.Push(box);
            return value;
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Coroutine {Location} failed; its request completes with STATUS_INTERNAL_ERROR")]
    private static partial void LogBodyFailed(ILogger logger, string location, Exception exception);
}

/// <summary>The outer request's private state.</summary>
internal class CoroutineState
{
    public Coroutine? Coroutine;
}

internal sealed class CoroutineState<T> : CoroutineState, IReusableState
{
    public T Result = default!;

    public void Reset()
    {
        Coroutine = null;
        Result = default!;
    }
}
