using BenchmarkDotNet.Attributes;

namespace TEvent.Bench;

/// <summary>
/// (a) Immediate dispatch: N immediates with a cached static delegate, then one LoopOnce that runs
/// them all (they were queued before the round began). Reported per immediate.
/// </summary>
[MemoryDiagnoser, ShortRunJob]
public class ImmediateBenchmarks
{
    private const int N = 1000;

    private sealed class Counter
    {
        public long Value;
    }

    private static readonly Action<object?> Increment = static o => ((Counter)o!).Value++;

    private readonly Counter _counter = new();
    private EventContext _ev = null!;
    private EventContext _evUntimed = null!;
    private int _thread;

    [GlobalSetup]
    public void Setup()
    {
        _thread = LoopThread.Bind(nameof(ImmediateBenchmarks));
        _ev = new EventContext(name: "bench");
        // Without the long-callback check the loop reads no clock per callback: the difference is
        // what that observability costs.
        _evUntimed = new EventContext(name: "bench-untimed") { LongCallbackThreshold = TimeSpan.Zero };
    }

    [GlobalCleanup]
    public void Cleanup() => LoopThread.Check(nameof(ImmediateBenchmarks), _thread, _ev, _evUntimed);

    [Benchmark(OperationsPerInvoke = N)]
    public void Immediate() => Run(_ev);

    [Benchmark(OperationsPerInvoke = N)]
    public void ImmediateWithoutLongCallbackCheck() => Run(_evUntimed);

    private void Run(EventContext ev)
    {
        for (int i = 0; i < N; i++) ev.ScheduleImmediate(Increment, _counter);
        ev.LoopOnce();
    }
}
