using TEvent.Coroutines;
using static TEvent.Bench.IncrementRequest;

namespace TEvent.Bench;

/// <summary>
/// Exact allocation counts behind the benchmarks' Allocated column, which BenchmarkDotNet rounds to
/// whole bytes per operation (a 24-byte allocation per coroutine spread over 100 yields shows as
/// "-"). Counts bytes with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around warmed-up
/// batches and separates the per-yield from the per-coroutine cost by running two yield counts.
/// Run with <c>dotnet run -c Release --project bench/TEvent.Bench -- --alloc</c>.
/// </summary>
internal static class AllocationCheck
{
    private sealed class YieldCount(int yields)
    {
        public readonly int Yields = yields;
    }

    public static int Run()
    {
        var ev = new EventContext(name: "alloc");
        int completed = 0;
        Action<TeventReq> done = req => { Coroutine.Recv(req, out int _); completed++; };

        long Coroutines(int count, int yields, bool referenceArg)
        {
            var holder = new YieldCount(yields);
            completed = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < count; i++)
            {
                var req = referenceArg
                    ? Coroutine.Send(ev, holder, static (co, h) => CoroutineBenchmarks.YieldsBody(co, h.Yields))
                    : Coroutine.Send(ev, yields, static (co, k) => CoroutineBenchmarks.YieldsBody(co, k));
                req.SetCallback(done);
            }
            while (completed != count) ev.LoopOnce();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        int delivered = 0;
        Action<TeventReq> incrementDone = req => { IncrementRecv(req, out int _); delivered++; };
        long Posted(int inFlight)
        {
            delivered = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < inFlight; i++) IncrementSend(ev, i).SetCallback(incrementDone);
            ev.LoopOnce();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        foreach (bool referenceArg in new[] { false, true })
        {
            for (int warm = 0; warm < 3; warm++) Coroutines(100, 1000, referenceArg);
            long many = Coroutines(100, 1000, referenceArg);
            long one = Coroutines(100, 1, referenceArg);
            double perYield = (many - one) / (100.0 * 999);
            Console.WriteLine($"coroutines, {(referenceArg ? "class" : "int")} argument: {perYield:F3} B per yield; " +
                $"{one / 100.0:F1} B per coroutine with one yield");
        }

        foreach (int inFlight in new[] { 256, 500, 1000 })
        {
            for (int warm = 0; warm < 3; warm++) Coroutines(inFlight, 10, referenceArg: true);
            Console.WriteLine($"coroutines, {inFlight} in flight (class argument, 10 yields): " +
                $"{Coroutines(inFlight, 10, referenceArg: true) / (double)inFlight:F1} B per coroutine");
        }

        foreach (int inFlight in new[] { 256, 500, 1000 })
        {
            for (int warm = 0; warm < 3; warm++) Posted(inFlight);
            Console.WriteLine($"posted requests, {inFlight} in flight: {Posted(inFlight) / (double)inFlight:F1} B per request");
        }
        return 0;
    }
}
