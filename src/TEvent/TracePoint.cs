namespace TEvent;

/// <summary>
/// Points at which <see cref="EventContext.SetTraceCallback"/> is called (tevent_set_trace_callback).
/// The Run* points fire just before the event's callback runs.
/// </summary>
public enum TracePoint
{
    BeforeLoopOnce,
    BeforeWait,
    AfterWait,
    AfterLoopOnce,
    RunSignal,
    RunThreadedImmediate,
    RunImmediate,
    RunTimer,
    RunFd,
}
