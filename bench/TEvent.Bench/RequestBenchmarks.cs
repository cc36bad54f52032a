using BenchmarkDotNet.Attributes;
using static TEvent.Bench.IncrementRequest;

namespace TEvent.Bench;

/// <summary>
/// (b) Send -> Recv of a posted request: IncrementSend completes the request inside the _send with a
/// pooled state; the caller sets its callback; the loop delivers it from an immediate; the callback
/// calls IncrementRecv, which recycles the request and the state. Reported per request.
/// </summary>
[MemoryDiagnoser, ShortRunJob]
public class RequestBenchmarks
{
    private const int N = 1000;

    private static long s_sum;
    private static readonly Action<TeventReq> IncrementDone = static req =>
    {
        IncrementRecv(req, out int value);
        s_sum += value;
    };

    private EventContext _ev = null!;
    private int _thread;

    [GlobalSetup]
    public void Setup()
    {
        _thread = LoopThread.Bind(nameof(RequestBenchmarks));
        _ev = new EventContext(name: "bench");
    }

    [GlobalCleanup]
    public void Cleanup() => LoopThread.Check(nameof(RequestBenchmarks), _thread, _ev);

    /// <summary>One request per loop round: the latency path, loop round included.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public void PostedSendRecv()
    {
        for (int i = 0; i < N; i++)
        {
            var req = IncrementSend(_ev, i);
            req.SetCallback(IncrementDone);
            _ev.LoopOnce();
        }
    }

    /// <summary>N requests delivered by one loop round: the per-request cost without the round's.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public void PostedSendRecvBatched()
    {
        for (int i = 0; i < N; i++) IncrementSend(_ev, i).SetCallback(IncrementDone);
        _ev.LoopOnce();
    }
}
