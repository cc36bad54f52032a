using BenchmarkDotNet.Attributes;

namespace TEvent.Bench;

/// <summary>
/// (d) A thread job round trip: ThreadJob.Send hands a (trivial) worker to the shared pool, the pool
/// thread runs it and posts the completion back as a threaded immediate, the loop wakes, completes
/// the request, and the caller collects it with ThreadJob.Recv. Dominated by two thread wake-ups.
/// </summary>
[MemoryDiagnoser, ShortRunJob]
public class ThreadJobBenchmarks
{
    private static readonly Func<int> Worker = static () => 42;

    private EventContext _ev = null!;
    private int _thread;

    [GlobalSetup]
    public void Setup()
    {
        _thread = LoopThread.Bind(nameof(ThreadJobBenchmarks));
        _ev = new EventContext(name: "bench");
    }

    [GlobalCleanup]
    public void Cleanup() => LoopThread.Check(nameof(ThreadJobBenchmarks), _thread, _ev);

    [Benchmark]
    public int RoundTrip()
    {
        var req = ThreadJob.Send(_ev, Worker);
        // tevent_req_poll style: no callback, so the request is still there to be received.
        _ev.LoopUntil(req);
        ThreadJob.Recv(req, out int result);
        return result;
    }
}
