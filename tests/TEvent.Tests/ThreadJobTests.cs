using TEvent.Coroutines;

namespace TEvent.Tests;

public class ThreadJobTests
{
    [Fact]
    public void WorkersRunOffTheLoopAndCompletionsOnIt()
    {
        // The seed experiment: worker thread ids differ from the loop's, every completion shares it.
        var ev = new EventContext();
        int loopThread = Environment.CurrentManagedThreadId;
        var workerThreads = new List<int>();
        var completionThreads = new List<int>();
        int completed = 0;
        for (int i = 0; i < 32; i++)
        {
            var req = ThreadJob.Send(ev, () => { Thread.Sleep(2); return Environment.CurrentManagedThreadId; });
            req.SetCallback(r =>
            {
                Assert.Equal(0u, ThreadJob.Recv(r, out int worker));
                workerThreads.Add(worker);
                completionThreads.Add(Environment.CurrentManagedThreadId);
                completed++;
            });
        }
        ev.LoopUntil(() => completed == 32);
        Assert.DoesNotContain(loopThread, workerThreads);
        Assert.All(completionThreads, t => Assert.Equal(loopThread, t));
    }

    [Fact]
    public void WorkerExceptionBecomesInternalError()
    {
        var logger = new ListLogger();
        var ev = new EventContext(logger);
        var req = ThreadJob.Send<int>(ev, () => throw new IOException("disk"));
        ev.LoopUntil(req);
        Assert.Equal(TeventError.InternalError, ThreadJob.Recv(req, out int _));
        Assert.Contains(logger.Entries, e => e.Exception is IOException);
    }

    [Fact]
    public void QueuedJobCanBeCancelledRunningOneCannot()
    {
        var ev = new EventContext();
        var pool = new ThreadJobPool(1, "test");
        using var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var running = ThreadJob.Send(ev, () => { started.Set(); gate.Wait(); return 1; }, pool);
        var queued = ThreadJob.Send(ev, () => 2, pool);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        Assert.False(running.Cancel());
        Assert.True(queued.Cancel());
        gate.Set();
        ev.LoopUntil(running);
        Assert.Equal(0u, ThreadJob.Recv(running, out int one));
        Assert.Equal(1, one);
        Assert.Equal(TeventError.Cancelled, ThreadJob.Recv(queued, out int _));
    }

    private static async CoroutineBody<long> ReadsThroughAThreadJob(Coroutine co)
    {
        var sub = ThreadJob.Send(co.Ev, () => 6L * 7L);
        if (!await co.Yield(sub)) return -1;
        ThreadJob.Recv(sub, out long v);
        return v;
    }

    [Fact]
    public void CoroutineYieldsOnAThreadJobAndResumesOnItsLoop()
    {
        var ev = new EventContext();
        var req = Coroutine.Send(ev, ReadsThroughAThreadJob);
        ev.LoopUntil(req);
        Assert.Equal(0u, Coroutine.Recv(req, out long v));
        Assert.Equal(42, v);
    }

    [Fact]
    public void PoolCreatesNoMoreThreadsThanItsBound()
    {
        var ev = new EventContext();
        var pool = new ThreadJobPool(2, "bounded");
        int completed = 0;
        // The jobs wait until all are queued: a worker that finished early (the test thread
        // preempted between two submissions) would take the next job and no second thread be made.
        using var gate = new ManualResetEventSlim();
        for (int i = 0; i < 20; i++)
            ThreadJob.Send(ev, () => { gate.Wait(); return 0; }, pool).SetCallback(r => { ThreadJob.Recv(r, out int _); completed++; });
        gate.Set();
        ev.LoopUntil(() => completed == 20);
        Assert.Equal(2, pool.Threads);
    }
}

public class ThreadJobTimeoutTests
{
    [Fact]
    public void LateCompletionOfATimedOutJobDoesNotCompleteTheRequestThatReusedIt()
    {
        var clock = new FakeClock();
        var ev = new EventContext(clock: clock);
        var pool = new ThreadJobPool(1, "late");
        using var gate = new ManualResetEventSlim();
        var job = ThreadJob.Send(ev, () => { gate.Wait(); return 1; }, pool);
        job.SetEndTime(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(2));
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(TeventError.TimedOut, ThreadJob.Recv(job, out int _));

        // The recycled request object now serves an unrelated request.
        var unrelated = TestRequests.ManualSend(ev);
        gate.Set();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (DateTime.UtcNow < until) ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.Equal(TeventReqState.InProgress, unrelated.State);
    }
}

/// <summary><see cref="ThreadJobPool.IdleSpin"/>: a worker that finished polls the queue before it waits.</summary>
public class ThreadJobPoolSpinTests
{
    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline) Thread.Sleep(1);
        Assert.True(condition(), what);
    }

    [Fact]
    public void AJobSubmittedWhileAWorkerSpinsWakesNobody()
    {
        var ev = new EventContext();
        var pool = new ThreadJobPool(4, "spin") { IdleSpin = TimeSpan.FromSeconds(30) };
        int first = 0, second = 0;
        ev.LoopUntil(ThreadJob.Send(ev, () => first = Environment.CurrentManagedThreadId, pool));
        WaitFor(() => pool.Spinners == 1, "the worker never spun");

        var req = ThreadJob.Send(ev, () => second = Environment.CurrentManagedThreadId, pool);
        ev.LoopUntil(req);

        Assert.Equal(first, second); // the spinning worker took it
        Assert.Equal(1, pool.Threads);
        Assert.Equal(0, pool.Pulses);
    }

    [Fact]
    public void JobsBeyondTheSpinnerStillRunInParallel()
    {
        var ev = new EventContext();
        var pool = new ThreadJobPool(4, "spin") { IdleSpin = TimeSpan.FromSeconds(30) };
        ev.LoopUntil(ThreadJob.Send(ev, () => 0, pool));
        WaitFor(() => pool.Spinners == 1, "the worker never spun");

        // Both jobs wait for each other: the spinner alone would never finish them.
        using var both = new Barrier(2);
        int done = 0;
        for (int i = 0; i < 2; i++)
            ThreadJob.Send(ev, () => both.SignalAndWait(TimeSpan.FromSeconds(20)), pool)
                .SetCallback(r => { Assert.Equal(0u, ThreadJob.Recv(r, out bool met)); Assert.True(met); done++; });
        ev.LoopUntil(() => done == 2);
        Assert.Equal(2, pool.Threads);
    }

    [Fact]
    public void AWorkerWhoseSpinFindsNothingWaitsAndIsWokenByTheNextJob()
    {
        var ev = new EventContext();
        var pool = new ThreadJobPool(4, "spin") { IdleSpin = TimeSpan.FromMilliseconds(1) };
        ev.LoopUntil(ThreadJob.Send(ev, () => 0, pool));
        Thread.Sleep(50); // the 1 ms spin ends long before
        Assert.Equal(0, pool.Spinners);

        ev.LoopUntil(ThreadJob.Send(ev, () => 0, pool));
        Assert.Equal(1, pool.Pulses);
        Assert.Equal(1, pool.Threads);
    }
}
