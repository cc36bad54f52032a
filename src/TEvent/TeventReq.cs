namespace TEvent;

/// <summary>
/// An asynchronous request with private state (tevent_req).
///
/// The pattern: <c>FooSend(ev, args)</c> calls <see cref="Create{TState}"/>, starts the work and
/// returns the request; the caller sets a callback with <see cref="SetCallback"/>; when the work ends
/// the implementation calls <see cref="Done"/> or <see cref="Error"/> exactly once; the callback (on
/// the loop) calls <c>FooRecv(req, out results)</c>, which reads the results from the state and ends
/// with <see cref="Received"/> (or uses <see cref="RecvStatus"/>).
///
/// A callback never runs inside <c>FooSend</c>: if <c>FooSend</c> knows the result at once it calls
/// <see cref="Done"/>/<see cref="Error"/> and returns <see cref="Post"/>'s result; the callback set
/// afterwards is delivered from an immediate event. Everything here is loop-thread only.
/// After <see cref="Received"/> the request object is recycled: do not keep references to it.
/// </summary>
public sealed class TeventReq
{
    private static readonly Action<object?> DeliverCallback = o => ((TeventReq)o!).InvokeCallback();
    private static readonly Action<TimerEvent, object?> EndTimeReached = (_, o) => ((TeventReq)o!).TimeOut();

    private object? _state;
    private Action<object>? _returnState;
    private Action<TeventReq>? _callback;
    private Func<TeventReq, bool>? _cancelFn;
    private Action<TeventReq, TeventReqState>? _cleanupFn;
    private TimerEvent? _endTimer;
    private bool _callbackScheduled;

    private TeventReq(EventContext ev) => Ev = ev;

    /// <summary>The loop this request belongs to: its callback runs there.</summary>
    public EventContext Ev { get; private set; }

    public TeventReqState State { get; private set; }

    /// <summary>The error code after <see cref="Error"/> or a timeout; 0 otherwise.</summary>
    public uint ErrorCode { get; private set; }

    /// <summary>Where the request was created, for logs and traces (tevent's location string).</summary>
    public string? Location { get; private set; }

    public bool IsInProgress => State == TeventReqState.InProgress;

    /// <summary>
    /// Changes every time the pooled object is reused. Code that may outlive the request (a thread job's
    /// late completion) records it at _send and completes only if it still matches.
    /// </summary>
    public int Generation { get; private set; }

    public bool IsCompleted => State is TeventReqState.Done or TeventReqState.UserError or TeventReqState.TimedOut;

    /// <summary>
    /// tevent_req_create: a new request in progress, with private state of type
    /// <typeparamref name="TState"/>. States implementing <see cref="IReusableState"/> are pooled.
    /// </summary>
    public static TeventReq Create<TState>(EventContext ev, out TState state, string? location = null)
        where TState : class, new()
    {
        ev.AssertOnLoop();
        var req = ReqPool.Rent(ev);
        if (typeof(IReusableState).IsAssignableFrom(typeof(TState)))
        {
            state = StatePool<TState>.Rent();
            req._returnState = StatePool<TState>.Return;
        }
        else
        {
            state = new TState();
        }
        req._state = state;
        req.Location = location;
        req.State = TeventReqState.InProgress;
        return req;
    }

    /// <summary>tevent_req_data: the private state given at creation.</summary>
    public TState StateAs<TState>() where TState : class
    {
        if (State == TeventReqState.Received) throw new InvalidOperationException("request already received");
        return (TState)_state!;
    }

    /// <summary>tevent_req_set_callback: runs once, on the loop, when the request completes.</summary>
    public void SetCallback(Action<TeventReq>? callback)
    {
        Ev.AssertOnLoop();
        _callback = callback;
        // Completed before anyone listened (FooSend finished at once): deliver from an immediate so
        // the caller is never called back synchronously.
        if (callback != null && IsCompleted) ScheduleCallback();
    }

    /// <summary>tevent_req_set_cancel_fn: called by <see cref="Cancel"/>; returns whether cancellation started.</summary>
    public void SetCancelFn(Func<TeventReq, bool>? cancelFn) => _cancelFn = cancelFn;

    /// <summary>
    /// tevent_req_set_cleanup_fn: called once when the request completes and once more when it is
    /// received, with the new state. Use it to release resources the state holds.
    /// </summary>
    public void SetCleanupFn(Action<TeventReq, TeventReqState>? cleanupFn) => _cleanupFn = cleanupFn;

    /// <summary>tevent_req_set_endtime: the request times out (STATUS_IO_TIMEOUT) if still in progress then.</summary>
    public void SetEndTime(TimeSpan after)
    {
        Ev.AssertOnLoop();
        _endTimer?.Cancel();
        _endTimer = Ev.AddTimer(after, EndTimeReached, this);
    }

    /// <summary>tevent_req_done: successful completion. Exactly once.</summary>
    public void Done() => Complete(TeventReqState.Done, 0);

    /// <summary>tevent_req_error: completion with an error code (an NTSTATUS). Exactly once.</summary>
    public void Error(uint errorCode)
    {
        if (errorCode == 0) throw new ArgumentException("an error code must be non-zero", nameof(errorCode));
        Complete(TeventReqState.UserError, errorCode);
    }

    /// <summary>
    /// tevent_req_post: for a request that <c>FooSend</c> completed at once. Guarantees the callback is
    /// delivered from an immediate event, never inside <c>FooSend</c>. Returns the request.
    /// </summary>
    public TeventReq Post()
    {
        if (!IsCompleted) throw new InvalidOperationException("Post() is for a request completed inside its _send");
        return this;
    }

    /// <summary>
    /// tevent_req_cancel: asks the request's cancel function to stop it. Returns false when the
    /// request has none, is not in progress, or the function declined.
    /// </summary>
    public bool Cancel()
    {
        Ev.AssertOnLoop();
        if (!IsInProgress || _cancelFn == null) return false;
        return _cancelFn(this);
    }

    /// <summary>tevent_req_is_error: true with the error code when the request failed or timed out.</summary>
    public bool IsError(out uint errorCode)
    {
        if (!IsCompleted) throw new InvalidOperationException("request has not completed: _recv before completion is a bug");
        errorCode = ErrorCode;
        return State != TeventReqState.Done;
    }

    /// <summary>
    /// tevent_req_received: the end of the request. Runs the cleanup function, releases the state and
    /// recycles the request. Results must have been read before.
    /// </summary>
    public void Received()
    {
        if (!IsCompleted) throw new InvalidOperationException("request has not completed: _recv before completion is a bug");
        State = TeventReqState.Received;
        _cleanupFn?.Invoke(this, TeventReqState.Received);
        if (_returnState != null && _state != null) _returnState(_state);
        _state = null;
        _returnState = null;
        _callback = null;
        _cancelFn = null;
        _cleanupFn = null;
        ErrorCode = 0;
        Location = null;
        // A scheduled callback still holds this object; recycle only when none is in flight.
        if (!_callbackScheduled) ReqPool.Return(this);
    }

    /// <summary>The common _recv for requests with no results: the status (0 on success), then <see cref="Received"/>.</summary>
    public uint RecvStatus()
    {
        IsError(out uint code);
        Received();
        return code;
    }

    private void Complete(TeventReqState state, uint errorCode)
    {
        Ev.AssertOnLoop();
        if (State != TeventReqState.InProgress)
            throw new InvalidOperationException($"request {Location} completed twice (state {State})");
        State = state;
        ErrorCode = errorCode;
        if (_endTimer != null)
        {
            _endTimer.Cancel();
            _endTimer = null;
        }
        _cancelFn = null;
        _cleanupFn?.Invoke(this, state);
        if (_callback != null) InvokeCallback();
    }

    private void TimeOut()
    {
        _endTimer = null;
        if (IsInProgress) Complete(TeventReqState.TimedOut, TeventError.TimedOut);
    }

    private void ScheduleCallback()
    {
        if (_callbackScheduled) return;
        _callbackScheduled = true;
        Ev.ScheduleImmediate(DeliverCallback, this);
    }

    private void InvokeCallback()
    {
        bool wasScheduled = _callbackScheduled;
        _callbackScheduled = false;
        if (State == TeventReqState.Received)
        {
            // Received before the deferred delivery ran; the request waited for us to recycle it.
            if (wasScheduled) ReqPool.Return(this);
            return;
        }
        var callback = _callback;
        _callback = null;
        callback?.Invoke(this);
    }

    /// <summary>Recycles request objects per thread (each loop is one thread).</summary>
    private static class ReqPool
    {
        private const int MaxPooled = 1024;
        [ThreadStatic] private static Stack<TeventReq>? t_pool;

        public static TeventReq Rent(EventContext ev)
        {
            if (t_pool is { Count: > 0 } pool)
            {
                var req = pool.Pop();
                req.Ev = ev;
                req.State = TeventReqState.Init;
                req.Generation++;
                return req;
            }
            return new TeventReq(ev);
        }

        public static void Return(TeventReq req)
        {
            var pool = t_pool ??= new Stack<TeventReq>();
            if (pool.Count < MaxPooled) pool.Push(req);
        }
    }
}
