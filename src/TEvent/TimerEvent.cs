namespace TEvent;

/// <summary>
/// A timer registered with <see cref="EventContext.AddTimer(TimeSpan, Action{TimerEvent, object?}, object?)"/>
/// (tevent_add_timer). It fires once, on the loop thread, at or after its deadline on the loop's
/// monotonic clock. Only the loop thread may cancel it.
/// </summary>
public sealed class TimerEvent
{
    internal readonly EventContext Ev;
    internal readonly Action<TimerEvent, object?> Callback;
    internal readonly object? State;

    internal TimerEvent(EventContext ev, long deadline, Action<TimerEvent, object?> callback, object? state)
    {
        Ev = ev;
        Deadline = deadline;
        Callback = callback;
        State = state;
    }

    /// <summary>The deadline in the loop clock's timestamp units (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Deadline { get; }

    public bool IsCancelled { get; private set; }
    public bool HasFired { get; internal set; }

    /// <summary>Stops the timer from firing. Removal from the queue is lazy. Loop thread only.</summary>
    public void Cancel()
    {
        Ev.AssertOnLoop();
        if (!IsCancelled && !HasFired)
        {
            IsCancelled = true;
            Ev.TimerCancelled();
        }
    }
}
