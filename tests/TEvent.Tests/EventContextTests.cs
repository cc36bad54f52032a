using System.Runtime.InteropServices;

namespace TEvent.Tests;

public partial class EventContextTests
{
    [Fact]
    public void ImmediatesRunInFifoOrderOnTheNextRound()
    {
        var ev = new EventContext();
        var order = new List<int>();
        for (int i = 0; i < 5; i++) ev.ScheduleImmediate(o => order.Add((int)o!), i);
        Assert.Empty(order);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public void ImmediateQueuedDuringARoundWaitsForTheNextRound()
    {
        var ev = new EventContext();
        var ran = new List<string>();
        ev.ScheduleImmediate(_ =>
        {
            ran.Add("first");
            ev.ScheduleImmediate(_ => ran.Add("queued during round"), null);
        }, null);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(["first"], ran);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(["first", "queued during round"], ran);
    }

    [Fact]
    public void SelfReschedulingImmediateDoesNotStarveTimersOrThreadedPosts()
    {
        var clock = new FakeClock();
        var ev = new EventContext(clock: clock);
        int spins = 0;
        Action<object?>? spin = null;
        spin = _ => { spins++; ev.ScheduleImmediate(spin!, null); };
        ev.ScheduleImmediate(spin, null);

        bool timerFired = false, postRan = false;
        ev.AddTimer(TimeSpan.FromMilliseconds(5), (_, _) => timerFired = true, null);
        var poster = new Thread(() => ev.PostThreaded(_ => postRan = true, null));
        poster.Start();
        poster.Join();
        clock.Advance(TimeSpan.FromMilliseconds(10));

        for (int i = 0; i < 3 && !(timerFired && postRan); i++) ev.LoopOnce(TimeSpan.Zero);
        Assert.True(timerFired, "timer starved by a self-rescheduling immediate");
        Assert.True(postRan, "threaded post starved by a self-rescheduling immediate");
        Assert.InRange(spins, 1, 3);
    }

    [Fact]
    public void TimersFireInDeadlineOrderOnlyWhenDueAndCanBeCancelled()
    {
        var clock = new FakeClock();
        var ev = new EventContext(clock: clock);
        var fired = new List<string>();
        ev.AddTimer(TimeSpan.FromSeconds(2), (_, _) => fired.Add("2s"), null);
        ev.AddTimer(TimeSpan.FromSeconds(1), (_, _) => fired.Add("1s"), null);
        var cancelled = ev.AddTimer(TimeSpan.FromSeconds(1.5), (_, _) => fired.Add("cancelled"), null);
        cancelled.Cancel();

        ev.LoopOnce(TimeSpan.Zero);
        Assert.Empty(fired);
        clock.Advance(TimeSpan.FromSeconds(1));
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(["1s"], fired);
        clock.Advance(TimeSpan.FromSeconds(5));
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(["1s", "2s"], fired);
        Assert.Equal(2, ev.Counters.TimersRun);
    }

    [Fact]
    public void WaitEndsForTheNextRealTimer()
    {
        var ev = new EventContext();
        bool fired = false;
        ev.AddTimer(TimeSpan.FromMilliseconds(20), (_, _) => fired = true, null);
        var start = DateTime.UtcNow;
        while (!fired && DateTime.UtcNow - start < TimeSpan.FromSeconds(5)) ev.LoopOnce();
        Assert.True(fired);
    }

    [Fact]
    public void ThreadedImmediateRunsOnTheLoopThreadAndWakesIt()
    {
        var ev = new EventContext();
        int loopThread = Environment.CurrentManagedThreadId;
        int ranOn = 0;
        var t = new Thread(() => { Thread.Sleep(20); ev.PostThreaded(_ => ranOn = Environment.CurrentManagedThreadId, null); });
        t.Start();
        ev.LoopUntil(() => ranOn != 0); // blocks in Wait until the post wakes it
        t.Join();
        Assert.Equal(loopThread, ranOn);
        Assert.Equal(1, ev.Counters.ThreadedImmediatesRun);
    }

    [Fact]
    public void ThreadedQueueIsBoundedWithBackPressure()
    {
        var ev = new EventContext(threadedCapacity: 4);
        int accepted = 0;
        var t = new Thread(() =>
        {
            for (int i = 0; i < 10; i++)
                if (ev.TryPostThreaded(_ => { }, null)) accepted++;
        });
        t.Start();
        t.Join();
        Assert.Equal(4, accepted);

        // A blocking poster waits for the loop to drain instead of growing the queue.
        int posted = 0;
        var blocking = new Thread(() => { for (int i = 0; i < 8; i++) { ev.PostThreaded(_ => { }, null); Interlocked.Increment(ref posted); } });
        blocking.Start();
        Thread.Sleep(50);
        Assert.Equal(0, Volatile.Read(ref posted));
        // Bounded rounds, not LoopUntil: the poster may be preempted between its last post and its
        // count, and then nothing would wake an idle loop to re-check the condition.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Volatile.Read(ref posted) != 8 && DateTime.UtcNow < deadline) ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.Equal(8, Volatile.Read(ref posted));
        blocking.Join();
        Assert.InRange(ev.Counters.ThreadedQueueHighWater, 1, 4);
    }

    [Fact]
    public void LoopOnlyApiThrowsOffTheLoopThread()
    {
        var ev = new EventContext();
        Exception? seen = null;
        var t = new Thread(() =>
        {
            try { ev.ScheduleImmediate(_ => { }, null); }
            catch (Exception e) { seen = e; }
        });
        t.Start();
        t.Join();
        Assert.IsType<InvalidOperationException>(seen);
        Assert.Throws<InvalidOperationException>(() =>
        {
            Exception? inner = null;
            var t2 = new Thread(() => { try { ev.LoopOnce(TimeSpan.Zero); } catch (Exception e) { inner = e; } });
            t2.Start();
            t2.Join();
            if (inner != null) throw inner;
        });
    }

    [Fact]
    public void StopEndsLoopFromAnotherThread()
    {
        var ev = new EventContext();
        var t = new Thread(() => { Thread.Sleep(20); ev.Stop(); });
        t.Start();
        ev.Loop();
        t.Join();
    }

    [Fact]
    public void TraceCallbackSeesEachPhase()
    {
        var ev = new EventContext();
        var points = new List<TracePoint>();
        ev.SetTraceCallback(points.Add);
        ev.ScheduleImmediate(_ => { }, null);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal([TracePoint.BeforeLoopOnce, TracePoint.RunImmediate, TracePoint.AfterLoopOnce], points);
    }

    [Fact]
    public void LongCallbackLogsAWarning()
    {
        var logger = new ListLogger();
        // The check runs on a coarse clock (kernel-tick resolution): a threshold well above a tick.
        var ev = new EventContext(logger) { LongCallbackThreshold = TimeSpan.FromMilliseconds(25) };
        ev.ScheduleImmediate(_ => Thread.Sleep(60), null);
        ev.ScheduleImmediate(_ => { }, null);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(1, ev.Counters.LongCallbacks);
        Assert.Single(logger.Entries);
        Assert.Contains("immediate", logger.Entries[0].Message);
    }

    [Fact]
    public void CountersAndHighWaterMarks()
    {
        var ev = new EventContext();
        for (int i = 0; i < 7; i++) ev.ScheduleImmediate(_ => { }, null);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(7, ev.Counters.ImmediatesRun);
        Assert.Equal(7, ev.Counters.ImmediateQueueHighWater);
        Assert.Equal(1, ev.Counters.Rounds);
    }

    [Fact]
    public void PipeSchedulerRunsContinuationsOnTheLoop()
    {
        var ev = new EventContext();
        int loopThread = Environment.CurrentManagedThreadId;
        int ranOn = 0;
        var t = new Thread(() => ev.PipeScheduler.Schedule(_ => ranOn = Environment.CurrentManagedThreadId, null));
        t.Start();
        t.Join();
        ev.LoopUntil(() => ranOn != 0);
        Assert.Equal(loopThread, ranOn);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [Fact]
    public void SignalIsDeliveredOnTheLoop()
    {
        var ev = new EventContext();
        int loopThread = Environment.CurrentManagedThreadId;
        int ranOn = 0;
        using var sig = ev.AddSignal(PosixSignal.SIGHUP, _ => ranOn = Environment.CurrentManagedThreadId);
        Assert.Equal(0, kill(Environment.ProcessId, 1 /* SIGHUP */));
        var start = DateTime.UtcNow;
        while (ranOn == 0 && DateTime.UtcNow - start < TimeSpan.FromSeconds(10)) ev.LoopOnce(TimeSpan.FromMilliseconds(50));
        Assert.Equal(loopThread, ranOn);
        Assert.Equal(1, ev.Counters.SignalsRun);
    }

    [Fact]
    public void LoopGroupPicksTheLeastLoadedLoop()
    {
        using var group = new LoopGroup(3);
        group.Loops[0].AddLoad(2);
        group.Loops[1].AddLoad(1);
        group.Loops[2].AddLoad(3);
        Assert.Same(group.Loops[1], group.LeastLoaded());

        // Each loop runs on its own thread.
        var ids = new int[3];
        using var done = new CountdownEvent(3);
        for (int i = 0; i < 3; i++)
        {
            int k = i;
            group.Loops[i].PostThreaded(_ => { ids[k] = Environment.CurrentManagedThreadId; done.Signal(); }, null);
        }
        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, ids.Distinct().Count());
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, ids);
    }
}
