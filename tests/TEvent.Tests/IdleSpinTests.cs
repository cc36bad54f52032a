using System.Diagnostics;
using static TEvent.Tests.TestPipes;

namespace TEvent.Tests;

/// <summary>
/// <see cref="EventContext.IdleSpin"/>: a loop out of work polls for a while before it sleeps, so
/// whoever gives it work then has nobody to wake; the spin stops paying for itself on an idle loop.
/// </summary>
public sealed class IdleSpinTests : IDisposable
{
    private readonly TestPipes _pipes = new();

    private (int Read, int Write) Pipe() => _pipes.Create();

    public void Dispose() => _pipes.Dispose();

    /// <summary>Waits (on another thread) until the loop has started its first spin.</summary>
    private static void WaitUntilSpinning(EventContext ev)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Volatile.Read(ref ev.Counters.Spins) == 0 && DateTime.UtcNow < deadline) Thread.Yield();
        Assert.NotEqual(0, Volatile.Read(ref ev.Counters.Spins));
    }

    [Fact]
    public void AnFdThatBecomesReadyDuringTheSpinRunsWithoutASleep()
    {
        using var ev = new EventContext { IdleSpin = TimeSpan.FromSeconds(30) };
        var (r, w) = Pipe();
        int calls = 0;
        using var fde = ev.AddFd(r, FdEventFlags.Read, (e, _) => { calls++; ReadAll(e.Fd); }, null);

        var writer = new Thread(() => { WaitUntilSpinning(ev); WriteByte(w); });
        writer.Start();
        ev.LoopOnce();
        writer.Join();

        Assert.Equal(1, calls);
        Assert.Equal(0, ev.Counters.Waits); // never slept
        Assert.Equal(1, ev.Counters.SpinHits);
    }

    [Fact]
    public void APostDuringTheSpinNeedsNoEventfdWrite()
    {
        using var ev = new EventContext { IdleSpin = TimeSpan.FromSeconds(30) };
        var (r, _) = Pipe();
        using var idle = ev.AddFd(r, FdEventFlags.Read, (_, _) => { }, null); // never ready
        bool ran = false;

        var poster = new Thread(() => { WaitUntilSpinning(ev); ev.PostThreaded(_ => ran = true, null); });
        poster.Start();
        ev.LoopUntil(() => ran);
        poster.Join();

        Assert.Equal(0, ev.Counters.Wakeups);
        Assert.Equal(0, ev.Counters.Waits);
        Assert.Equal(1, ev.Counters.SpinHits);
    }

    [Fact]
    public void SpinsThatFindNothingShrinkUntilTheLoopSleepsAtOnceAndAQuickWakeRestoresThem()
    {
        using var ev = new EventContext { IdleSpin = TimeSpan.FromMilliseconds(2) };
        var (r, w) = Pipe();
        int calls = 0;
        using var fde = ev.AddFd(r, FdEventFlags.Read, (e, _) => { calls++; ReadAll(e.Fd); }, null);

        // Work always comes long after the spin (10 ms into the sleep): windows 2, 1, 0.5, 0.25 and
        // 0.125 ms find nothing, the next would be under a sixteenth of IdleSpin, so spinning stops.
        for (int i = 0; i < 8; i++)
        {
            var writer = new Thread(() => { WaitUntilSleeping(ev); WriteByte(w); });
            writer.Start();
            ev.LoopOnce();
            writer.Join();
        }
        Assert.Equal(8, calls);
        Assert.Equal(5, ev.Counters.Spins);
        Assert.Equal(0, ev.Counters.SpinHits);
        Assert.Equal(8, ev.Counters.Waits);

        // A sleep shorter than IdleSpin (the fd is ready before the loop even waits) restores it.
        WriteByte(w);
        ev.LoopOnce();
        Assert.Equal(5, ev.Counters.Spins);
        Assert.Equal(9, calls);

        var late = new Thread(() => { WaitUntilSleeping(ev); WriteByte(w); });
        late.Start();
        ev.LoopOnce();
        late.Join();
        Assert.Equal(6, ev.Counters.Spins);
    }

    [Fact]
    public void ASpinEndsWhenATimerIsDue()
    {
        using var ev = new EventContext { IdleSpin = TimeSpan.FromSeconds(30) };
        var (r, _) = Pipe();
        using var idle = ev.AddFd(r, FdEventFlags.Read, (_, _) => { }, null);
        bool fired = false;
        ev.AddTimer(TimeSpan.FromMilliseconds(20), (_, _) => fired = true, null);

        var clock = Stopwatch.StartNew();
        ev.LoopUntil(() => fired);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the timer waited {clock.Elapsed} for the spin");
        Assert.Equal(0, ev.Counters.Waits); // the spin ran up to the deadline and the round ran the timer
    }

    [Fact]
    public void ZeroNeverSpins()
    {
        using var ev = new EventContext();
        Assert.Equal(TimeSpan.Zero, ev.IdleSpin);
        var (r, w) = Pipe();
        using var fde = ev.AddFd(r, FdEventFlags.Read, (e, _) => ReadAll(e.Fd), null);
        var writer = new Thread(() => { WaitUntilSleeping(ev); WriteByte(w); });
        writer.Start();
        ev.LoopOnce();
        writer.Join();
        Assert.Equal(0, ev.Counters.Spins);
        Assert.Equal(1, ev.Counters.Waits);
        Assert.Throws<ArgumentOutOfRangeException>(() => ev.IdleSpin = TimeSpan.FromTicks(-1));
    }
}
