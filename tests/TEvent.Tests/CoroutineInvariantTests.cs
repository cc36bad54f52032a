using TEvent.Coroutines;

namespace TEvent.Tests;

/// <summary>One test per invariant of the coroutine contract (docs/architecture.md, "Coroutines").</summary>
public class CoroutineInvariantTests
{
    private static async CoroutineBody<int> AddAfterYield(Coroutine co, List<string> log, int a)
    {
        log.Add("body start");
        var sub = TestRequests.ImmediateSend(co.Ev, a);
        if (!await co.Yield(sub)) return -1;
        TestRequests.ImmediateRecv(sub, out int b);
        log.Add("body end");
        return a + b;
    }

    [Fact]
    public void Invariant1_BodyNeverRunsInsideSend()
    {
        var ev = new EventContext();
        var log = new List<string>();
        var req = Coroutine.Send(ev, co => AddAfterYield(co, log, 20));
        Assert.Empty(log);
        int result = 0;
        uint status = 1;
        req.SetCallback(r => status = Coroutine.Recv(r, out result));
        ev.LoopUntil(() => status != 1);
        Assert.Equal(0u, status);
        Assert.Equal(40, result);
        Assert.Equal(["body start", "body end"], log);
    }

    [Fact]
    public void Invariant1_CallingABodyDirectlyThrows()
    {
        Assert.Throws<InvalidOperationException>(() => AddAfterYield(null!, new List<string>(), 1));
    }

    private static async CoroutineBody<int> AwaitsATask(Coroutine co)
    {
        await Task.Delay(1);
        return 1;
    }

    [Fact]
    public void Invariant2_ForeignAwaiterIsRejectedAsAnError()
    {
        var logger = new ListLogger();
        var ev = new EventContext(logger);
        var req = Coroutine.Send(ev, AwaitsATask);
        uint status = 0;
        req.SetCallback(r => status = Coroutine.Recv(r, out int _));
        ev.LoopUntil(() => status != 0);
        Assert.Equal(TeventError.InternalError, status);
        Assert.Contains(logger.Entries, e => e.Exception is InvalidOperationException);
    }

    private static async CoroutineBody<int> RecordsDepth(Coroutine co, List<(int Depth, TracePoint LastPoint)> seen, Func<TracePoint> lastPoint, int yields)
    {
        for (int i = 0; i < yields; i++)
        {
            seen.Add((Coroutine.CurrentStepDepth, lastPoint()));
            var sub = TestRequests.SleepSend(co.Ev, TimeSpan.Zero);
            if (!await co.Yield(sub)) return -1;
            sub.RecvStatus();
        }
        seen.Add((Coroutine.CurrentStepDepth, lastPoint()));
        return 0;
    }

    [Fact]
    public void Invariant3_ResumeComesFromAnImmediateWithNoOtherStepOnTheStack()
    {
        var ev = new EventContext();
        var last = TracePoint.AfterLoopOnce;
        ev.SetTraceCallback(p => last = p);
        var seen = new List<(int, TracePoint)>();
        // Several coroutines whose sub-requests complete from the same timer phase.
        var reqs = Enumerable.Range(0, 5).Select(_ => Coroutine.Send(ev, co => RecordsDepth(co, seen, () => last, 3))).ToList();
        ev.LoopUntil(() => reqs.All(r => r.IsCompleted));
        Assert.Equal(5 * 4, seen.Count);
        Assert.All(seen, s => Assert.Equal((1, TracePoint.RunImmediate), s));
    }

    private static async CoroutineBody<int> Parent(Coroutine co, List<string> log)
    {
        log.Add("parent start");
        var child = Coroutine.Send(co.Ev, c => AddAfterYield(c, log, 1));
        log.Add("child sent");
        if (!await co.Yield(child)) return -1;
        Coroutine.Recv(child, out int r);
        log.Add("parent end");
        return r * 10;
    }

    [Fact]
    public void Invariant4_ABodyStartsOthersOnlyThroughSendAndWaitsWithYield()
    {
        var ev = new EventContext();
        var log = new List<string>();
        var req = Coroutine.Send(ev, co => Parent(co, log));
        ev.LoopUntil(req);
        Assert.Equal(0u, Coroutine.Recv(req, out int result));
        Assert.Equal(20, result);
        // The child's body did not run inside the parent's Send call.
        Assert.Equal(["parent start", "child sent", "body start", "body end", "parent end"], log);
    }

    private static async CoroutineBody<int> Throws(Coroutine co)
    {
        var sub = TestRequests.ImmediateSend(co.Ev, 1);
        await co.Yield(sub);
        sub.RecvStatus();
        throw new ApplicationException("boom");
    }

    private static async CoroutineBody<int> FailsWithStatus(Coroutine co)
    {
        var sub = TestRequests.ImmediateSend(co.Ev, 1);
        await co.Yield(sub);
        sub.RecvStatus();
        co.SetError(0xC0000034);
        return 0;
    }

    [Fact]
    public void Invariant5_ExceptionBecomesAnErrorAndTheLoopKeepsRunning()
    {
        var logger = new ListLogger();
        var ev = new EventContext(logger);
        var bad = Coroutine.Send(ev, Throws);
        var good = Coroutine.Send(ev, co => AddAfterYield(co, new List<string>(), 2));
        ev.LoopUntil(() => bad.IsCompleted && good.IsCompleted);
        Assert.Equal(TeventError.InternalError, Coroutine.Recv(bad, out int _));
        Assert.Equal(0u, Coroutine.Recv(good, out int r));
        Assert.Equal(4, r);
        Assert.Contains(logger.Entries, e => e.Exception is ApplicationException);

        var failed = Coroutine.Send(ev, FailsWithStatus);
        ev.LoopUntil(failed);
        Assert.Equal(0xC0000034u, Coroutine.Recv(failed, out int _));
    }

    private static async CoroutineBody<string> WaitsForever(Coroutine co, TeventReq sub)
    {
        if (!await co.Yield(sub)) return "cancelled";
        return "completed";
    }

    [Fact]
    public void Invariant6_CancellationReachesTheSubRequestAndYieldReturnsFalse()
    {
        var ev = new EventContext();
        var sub = TestRequests.ManualSend(ev);
        var state = sub.StateAs<TestRequests.ManualState>();
        var req = Coroutine.Send(ev, co => WaitsForever(co, sub));
        ev.LoopOnce(TimeSpan.Zero); // start: the body is now waiting on sub
        Assert.True(req.Cancel());
        Assert.True(state.CancelCalled);
        ev.LoopUntil(req);
        Assert.Equal(0u, Coroutine.Recv(req, out string outcome));
        Assert.Equal("cancelled", outcome);
    }

    [Fact]
    public void Invariant6_ACoroutineCancelledBeforeItsFirstYieldCancelsThatSubRequest()
    {
        var ev = new EventContext();
        TeventReq? sub = null;
        var req = Coroutine.Send(ev, co =>
        {
            sub = TestRequests.ManualSend(co.Ev);
            return WaitsForever(co, sub);
        });
        Assert.True(req.Cancel()); // before the body's first step ran
        ev.LoopUntil(req);
        Assert.Equal(0u, Coroutine.Recv(req, out string outcome));
        Assert.Equal("cancelled", outcome);
        Assert.NotNull(sub);
        Assert.True(sub!.StateAs<TestRequests.ManualState>().CancelCalled);
    }

    [Fact]
    public void Invariant6_UncancellableSubRequestIsDetachedAndYieldReturnsFalse()
    {
        var ev = new EventContext();
        var sub = TestRequests.ManualSend(ev, cancellable: false);
        var req = Coroutine.Send(ev, co => WaitsForever(co, sub));
        ev.LoopOnce(TimeSpan.Zero);
        Assert.True(req.Cancel());
        ev.LoopUntil(req);
        Assert.Equal(0u, Coroutine.Recv(req, out string outcome));
        Assert.Equal("cancelled", outcome);
        sub.Done(); // its late completion reaches nobody
        ev.LoopOnce(TimeSpan.Zero);
    }

    private static async CoroutineBody<int> YieldsNTimes(Coroutine co, int n)
    {
        int sum = 0;
        for (int i = 0; i < n; i++)
        {
            var sub = TestRequests.ImmediateSend(co.Ev, 1);
            if (!await co.Yield(sub)) return -1;
            TestRequests.ImmediateRecv(sub, out int v);
            sum += v;
        }
        return sum;
    }

    [Fact]
    public void HundredThousandCoroutinesYieldingTenTimesCompleteWithMatchingCounters()
    {
        const int count = 100_000, yields = 10;
        var ev = new EventContext();
        int completed = 0;
        long sum = 0;
        Action<TeventReq> done = r =>
        {
            Assert.Equal(0u, Coroutine.Recv(r, out int s));
            sum += s;
            completed++;
        };
        for (int i = 0; i < count; i++)
            Coroutine.Send(ev, yields, static (co, n) => YieldsNTimes(co, n)).SetCallback(done);
        ev.LoopUntil(() => completed == count);
        Assert.Equal((long)count * yields, sum);
        // Per coroutine: one start, and per yield one delivery of the sub-request's callback plus one resume.
        Assert.Equal((long)count * (1 + 2 * yields), ev.Counters.ImmediatesRun);
    }

    [Fact]
    public void Invariant7_SteadyStateYieldAllocatesNothing()
    {
        var ev = new EventContext();
        void RunBatch(int coroutines, int yields)
        {
            int completed = 0;
            Action<TeventReq> done = r => { Coroutine.Recv(r, out int _); completed++; };
            for (int i = 0; i < coroutines; i++)
                Coroutine.Send(ev, yields, static (co, n) => YieldsNTimes(co, n)).SetCallback(done);
            ev.LoopUntil(() => completed == coroutines);
        }
        RunBatch(64, 1000); // warm pools and queues
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunBatch(64, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // 64,000 yields; a per-yield allocation would be >= 1.5 MB. Allow the batch's few closures.
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes for 64,000 yields");
    }

    private static async CoroutineBody<int> SumsItsStructArgument(Coroutine co, (int A, int B) arg)
    {
        await co.Yield(TestRequests.ImmediateSend(co.Ev, arg.A));
        return arg.A + arg.B;
    }

    private sealed class Pair(int a, int b)
    {
        public readonly int A = a, B = b;
    }

    private static async CoroutineBody<int> SumsItsClassArgument(Coroutine co, Pair arg)
    {
        await co.Yield(TestRequests.ImmediateSend(co.Ev, arg.A));
        return arg.A + arg.B;
    }

    [Fact]
    public void Invariant7_AStructStartArgumentIsNotBoxedPerStart()
    {
        var ev = new EventContext();
        var pairs = Enumerable.Range(0, 256).Select(i => new Pair(i, 1)).ToArray();
        long sum = 0;
        long Measure(bool structArgument)
        {
            long before = 0;
            for (int round = 0; round < 41; round++)
            {
                if (round == 1) before = GC.GetAllocatedBytesForCurrentThread(); // round 0 warms pools and queues
                int completed = 0;
                Action<TeventReq> done = r => { Coroutine.Recv(r, out int s); sum += s; completed++; };
                for (int i = 0; i < 256; i++)
                {
                    var req = structArgument
                        ? Coroutine.Send(ev, (i, 1), static (co, arg) => SumsItsStructArgument(co, arg))
                        : Coroutine.Send(ev, pairs[i], static (co, arg) => SumsItsClassArgument(co, arg));
                    req.SetCallback(done);
                }
                ev.LoopUntil(() => completed == 256);
            }
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long withClass = Measure(structArgument: false);
        long withStruct = Measure(structArgument: true);
        Assert.Equal(2 * 41L * (255 * 256 / 2 + 256), sum); // every body saw its own argument
        // 10,240 starts each. A boxed tuple per start would add >= 320 KB over the reference-type
        // argument (which needs no box). (The body's state machine itself is a class in Debug builds.)
        Assert.True(withStruct < withClass + 32 * 1024, $"struct argument: {withStruct} bytes, class argument: {withClass} bytes");
    }
}
