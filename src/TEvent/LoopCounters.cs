namespace TEvent;

/// <summary>
/// Counters of one loop: events run by kind, queue depths and their high-water marks.
/// Written only by the loop thread; other threads (status, metrics) may read them with no lock and
/// see slightly stale values, which is fine for observability.
/// </summary>
public sealed class LoopCounters
{
    public long Rounds;
    public long Waits;
    /// <summary>epoll_wait calls: the blocking <see cref="Waits"/> and the non-blocking polls of busy rounds.</summary>
    public long Polls;
    /// <summary>Idle spins (<see cref="EventContext.IdleSpin"/>) and those that found work before the loop slept.</summary>
    public long Spins;
    public long SpinHits;
    public long ImmediatesRun;
    public long ThreadedImmediatesRun;
    public long TimersRun;
    public long SignalsRun;
    public long FdEventsRun;
    /// <summary>eventfd writes: posts, signals or stops that found the loop sleeping. Any thread increments it.</summary>
    public long Wakeups;
    public long LongCallbacks;
    public int ImmediateQueueHighWater;
    public int ThreadedQueueHighWater;
    public int TimerQueueHighWater;

    public override string ToString() =>
        $"rounds={Rounds} waits={Waits} polls={Polls} spins={Spins}/{SpinHits} immediates={ImmediatesRun} threaded={ThreadedImmediatesRun} " +
        $"timers={TimersRun} signals={SignalsRun} fds={FdEventsRun} wakeups={Wakeups} long={LongCallbacks} " +
        $"hw(imm={ImmediateQueueHighWater} thr={ThreadedQueueHighWater} tim={TimerQueueHighWater})";
}
