using BenchmarkDotNet.Attributes;
using TEvent.Coroutines;
using static TEvent.Bench.IncrementRequest;

namespace TEvent.Bench;

/// <summary>
/// (c) Coroutines. <see cref="YieldResume"/>: <see cref="Coroutines"/> bodies each yield
/// <see cref="Yields"/> times on a sub-request that completes inside its _send; reported per yield
/// (one yield = sub-request Send, Yield, callback immediate, resume immediate, Recv).
/// <see cref="StartToFinish"/>: whole coroutines (Send, first step from an immediate, one yield,
/// completion, Recv by the caller's callback); reported per coroutine.
/// </summary>
[MemoryDiagnoser, ShortRunJob]
public class CoroutineBenchmarks
{
    private const int Coroutines = 100;
    private const int Yields = 100;

    private EventContext _ev = null!;
    private int _thread;
    private int _completed;
    private long _sum;
    private Action<TeventReq> _done = null!;
    private Func<bool> _allCompleted = null!;

    [GlobalSetup]
    public void Setup()
    {
        _thread = LoopThread.Bind(nameof(CoroutineBenchmarks));
        _ev = new EventContext(name: "bench");
        // Cached once: a lambda built inside the benchmark method would be an allocation per invoke.
        _done = req =>
        {
            Coroutine.Recv(req, out int value);
            _sum += value;
            _completed++;
        };
        _allCompleted = () => _completed == Coroutines;
    }

    [GlobalCleanup]
    public void Cleanup() => LoopThread.Check(nameof(CoroutineBenchmarks), _thread, _ev);

    internal static async CoroutineBody<int> YieldsBody(Coroutine co, int yields)
    {
        int sum = 0;
        for (int i = 0; i < yields; i++)
        {
            var subreq = IncrementSend(co.Ev, i);
            if (!await co.Yield(subreq)) return -1;
            IncrementRecv(subreq, out int value);
            sum += value;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Coroutines * Yields)]
    public void YieldResume() => RunCoroutines(Yields);

    [Benchmark(OperationsPerInvoke = Coroutines)]
    public void StartToFinish() => RunCoroutines(1);

    private void RunCoroutines(int yields)
    {
        _completed = 0;
        for (int i = 0; i < Coroutines; i++)
            Coroutine.Send(_ev, yields, static (co, k) => YieldsBody(co, k)).SetCallback(_done);
        _ev.LoopUntil(_allCompleted);
    }
}
