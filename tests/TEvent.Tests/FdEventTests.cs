using TEvent.Native;
using static TEvent.Tests.TestPipes;

namespace TEvent.Tests;

/// <summary>Fd events (tevent_add_fd) on pipes, and the eventfd wake-up of a loop sleeping in epoll_wait.</summary>
public sealed unsafe class FdEventTests : IDisposable
{
    private readonly TestPipes _pipes = new();

    private (int Read, int Write) Pipe() => _pipes.Create();

    public void Dispose() => _pipes.Dispose();

    [Fact]
    public void ReadableFdRunsItsHandlerOnTheLoopThread()
    {
        using var ev = new EventContext();
        var (r, w) = Pipe();
        int loopThread = Environment.CurrentManagedThreadId;
        int ranOn = 0, bytes = 0;
        var seen = FdEventFlags.None;
        using var fde = ev.AddFd(r, FdEventFlags.Read, (e, flags) =>
        {
            ranOn = Environment.CurrentManagedThreadId;
            seen = flags;
            bytes += ReadAll(e.Fd);
        }, null);

        // Written from another thread while the loop sleeps in epoll_wait with no timeout.
        var writer = new Thread(() => { WaitUntilSleeping(ev); WriteByte(w); });
        writer.Start();
        ev.LoopOnce();
        writer.Join();

        Assert.Equal(loopThread, ranOn);
        Assert.Equal(FdEventFlags.Read, seen);
        Assert.Equal(1, bytes);
        Assert.Equal(1, ev.Counters.FdEventsRun);
        Assert.Equal(0, ev.Counters.Wakeups); // the fd woke the loop, not the eventfd
    }

    [Fact]
    public void ReadinessIsLevelTriggeredUntilReadOrInterestCleared()
    {
        using var ev = new EventContext();
        var (r, w) = Pipe();
        int calls = 0;
        using var fde = ev.AddFd(r, FdEventFlags.Read, (_, _) => calls++, null); // never reads
        WriteByte(w);
        for (int i = 0; i < 3; i++) ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(3, calls);

        fde.Flags = FdEventFlags.None; // out of the epoll set: no call, and an idle round really waits
        ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.Equal(3, calls);
        Assert.Equal(1, ev.Counters.Waits);

        fde.Flags = FdEventFlags.Read; // back in: still readable
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(4, calls);
    }

    [Fact]
    public void WriteInterestReportsWritableAndCanBeDropped()
    {
        using var ev = new EventContext();
        var (_, w) = Pipe();
        var seen = new List<FdEventFlags>();
        using var fde = ev.AddFd(w, FdEventFlags.None, (_, flags) => seen.Add(flags), null);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Empty(seen);

        fde.Flags = FdEventFlags.Read | FdEventFlags.Write; // a pipe's write end is never readable
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal([FdEventFlags.Write], seen);

        fde.Flags = FdEventFlags.Read;
        ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.Equal([FdEventFlags.Write], seen);
    }

    [Fact]
    public void DisposedFdEventIsNeverCalledAgainEvenIfAlreadyCollected()
    {
        using var ev = new EventContext();
        var (r1, w1) = Pipe();
        var (r2, w2) = Pipe();
        var calls = new List<int>();
        FdEvent? first = null, second = null;
        // Whichever of the two runs first removes the other, whose readiness this round already holds.
        first = ev.AddFd(r1, FdEventFlags.Read, (_, _) => { calls.Add(1); second!.Dispose(); }, null);
        second = ev.AddFd(r2, FdEventFlags.Read, (_, _) => { calls.Add(2); first.Dispose(); }, null);
        WriteByte(w1);
        WriteByte(w2);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Single(calls);

        // Both removed (one by the handler, the other now): data pending, no calls, and the slots
        // are reused by a new event without confusing it with the old ones.
        first.Dispose();
        second.Dispose();
        ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.Single(calls);
        int third = 0;
        using var fde3 = ev.AddFd(r1, FdEventFlags.Read, (_, _) => third++, null);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(1, third);
        Assert.Single(calls);
    }

    [Fact]
    public void FdPhaseRunsAfterThreadedImmediatesAndBeforeImmediates()
    {
        using var ev = new EventContext();
        var (r, w) = Pipe();
        var order = new List<string>();
        using var fde = ev.AddFd(r, FdEventFlags.Read, (e, _) => { order.Add("fd"); ReadAll(e.Fd); }, null);
        ev.ScheduleImmediate(_ => order.Add("immediate"), null);
        var poster = new Thread(() => ev.PostThreaded(_ => order.Add("threaded"), null));
        poster.Start();
        poster.Join();
        WriteByte(w);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(["threaded", "fd", "immediate"], order);
    }

    [Fact]
    public void PostFromAnotherThreadWakesTheLoopInEpollWait()
    {
        using var ev = new EventContext();
        var (r, _) = Pipe();
        using var idle = ev.AddFd(r, FdEventFlags.Read, (_, _) => { }, null); // never ready
        int ranOn = 0;
        var poster = new Thread(() => { WaitUntilSleeping(ev); ev.PostThreaded(_ => ranOn = Environment.CurrentManagedThreadId, null); });
        poster.Start();
        ev.LoopUntil(() => ranOn != 0);
        poster.Join();
        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
        Assert.Equal(1, ev.Counters.Wakeups);
        Assert.False(ev.IsSleeping);
    }

    [Fact]
    public void PostsToALoopThatIsNotSleepingWriteNoEventfd()
    {
        using var ev = new EventContext();
        int ran = 0;
        var poster = new Thread(() =>
        {
            for (int i = 0; i < 1000; i++) ev.PostThreaded(_ => ran++, null);
            ev.Stop();
        });
        poster.Start();
        poster.Join();
        Assert.Equal(0, ev.Counters.Wakeups);
        ev.LoopOnce(); // work is queued: no wait, all 1000 posts in one round
        Assert.Equal(1000, ran);
        Assert.Equal(0, ev.Counters.Wakeups);
        Assert.Equal(0, ev.Counters.Waits);
    }

    [Fact]
    public void StopWakesTheLoopInEpollWait()
    {
        using var ev = new EventContext();
        var stopper = new Thread(() => { WaitUntilSleeping(ev); ev.Stop(); });
        stopper.Start();
        ev.Loop();
        stopper.Join();
        Assert.Equal(1, ev.Counters.Wakeups);
    }

    [Fact]
    public void AddFdOfABadDescriptorThrows()
    {
        using var ev = new EventContext();
        Assert.Throws<IOException>(() => ev.AddFd(1_000_000, FdEventFlags.Read, (_, _) => { }, null));
        // The failed registration left no slot behind: a good one still works.
        var (r, w) = Pipe();
        int calls = 0;
        using var fde = ev.AddFd(r, FdEventFlags.Read, (_, _) => calls++, null);
        WriteByte(w);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void FdApiThrowsOffTheLoopThread()
    {
        using var ev = new EventContext();
        var (r, _) = Pipe();
        var fde = ev.AddFd(r, FdEventFlags.Read, (_, _) => { }, null);
        Exception? addError = null, flagsError = null;
        var t = new Thread(() =>
        {
            addError = Record.Exception(() => ev.AddFd(r, FdEventFlags.Read, (_, _) => { }, null));
            flagsError = Record.Exception(() => fde.Flags = FdEventFlags.None);
        });
        t.Start();
        t.Join();
        Assert.IsType<InvalidOperationException>(addError);
        Assert.IsType<InvalidOperationException>(flagsError);
        fde.Dispose();
    }

    [Fact]
    public void SelfReschedulingImmediateDoesNotStarveFds()
    {
        using var ev = new EventContext();
        var (r, w) = Pipe();
        Action<object?>? spin = null;
        spin = _ => ev.ScheduleImmediate(spin!, null);
        ev.ScheduleImmediate(spin, null);
        ev.LoopOnce(TimeSpan.Zero); // the loop is busy from now on
        bool read = false;
        using var fde = ev.AddFd(r, FdEventFlags.Read, (e, _) => { read = true; ReadAll(e.Fd); }, null);
        WriteByte(w);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!read && DateTime.UtcNow < deadline) ev.LoopOnce(TimeSpan.Zero);
        Assert.True(read, "a ready fd starved by a self-rescheduling immediate");
        Assert.Equal(0, ev.Counters.Waits);
    }

    [Fact]
    public void BusyRoundsPollFdsOncePerBusyPollInterval()
    {
        using var ev = new EventContext { BusyPollInterval = TimeSpan.FromHours(1) };
        var (r, w) = Pipe();
        int calls = 0;
        using var fde = ev.AddFd(r, FdEventFlags.Read, (_, _) => calls++, null); // stays readable
        WriteByte(w);
        Action<object?>? spin = null;
        spin = _ => ev.ScheduleImmediate(spin!, null);
        ev.ScheduleImmediate(spin, null);

        for (int i = 0; i < 5; i++) ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(1, calls); // the first busy round polls (none before it); the next four are within the interval
        Assert.Equal(1, ev.Counters.Polls);

        ev.BusyPollInterval = TimeSpan.Zero; // every round polls
        for (int i = 0; i < 3; i++) ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(4, calls);
        Assert.Equal(4, ev.Counters.Polls);
    }
}
