using System.Diagnostics;
using TEvent.Native;

namespace TEvent;

/// <summary>
/// Fd events (tevent_add_fd) and the poll that starts each round: the epoll set, the fd table, the
/// "sleeping" handshake with posting threads, and the fd phase of the round.
/// </summary>
public sealed partial class EventContext
{
    private readonly EpollPoller _poller;
    private readonly List<FdEvent?> _fdSlots = new();
    private readonly Stack<int> _freeFdSlots = new();
    private uint _fdGeneration;
    private int _fdsInEpoll;
    private long _lastPoll;
    private long _busyPollTicks = Stopwatch.Frequency / 20_000; // 50 µs
    private SpinWindow _spin;

    /// <summary>
    /// How often a busy loop (one with runnable events, so it does not sleep) collects fd readiness.
    /// An idle loop always polls (blocking) before it runs anything. Zero polls in every round.
    /// Larger values batch more I/O per system call and delay a busy loop's reaction to new input
    /// by up to this long. Loop thread only.
    /// </summary>
    public TimeSpan BusyPollInterval
    {
        get => TimeSpan.FromSeconds((double)_busyPollTicks / Stopwatch.Frequency);
        set
        {
            AssertOnLoop();
            _busyPollTicks = (long)(value.TotalSeconds * Stopwatch.Frequency);
        }
    }

    /// <summary>
    /// How long a loop that has just run out of work keeps polling before it sleeps: epoll_wait
    /// without blocking, then a yield of the CPU, until an fd is ready, work is posted, or the time
    /// is up. A peer (or thread job) that gives work to a spinning loop has nobody to wake; the
    /// yield leaves the CPU to any other runnable thread, so spinning never takes a core from a busy
    /// process. The window adapts (<see cref="SpinWindow"/>). Zero (the default) never spins.
    /// Loop thread only.
    /// </summary>
    public TimeSpan IdleSpin
    {
        get => _spin.MaxTime;
        set
        {
            AssertOnLoop();
            _spin.MaxTime = value;
        }
    }

    /// <summary>
    /// 1 from just before the final "anything posted?" check of an idle round until its epoll_wait
    /// returns. A poster that sees 1 writes the eventfd (and clears it, so a burst of posts to a
    /// sleeping loop costs one write); a poster that sees 0 knows the loop will look at the queue
    /// before it sleeps, so a busy loop costs its posters no system call.
    /// </summary>
    private int _sleeping;

    /// <summary>True while the loop is in (or about to enter) a blocking epoll_wait. For tests.</summary>
    internal bool IsSleeping => Volatile.Read(ref _sleeping) != 0;

    /// <summary>
    /// tevent_add_fd: calls <paramref name="handler"/> on this loop, in the fd phase of a round, while
    /// <paramref name="fd"/> is ready for what <paramref name="flags"/> asks (level-triggered).
    /// The handler gets the event (with <paramref name="state"/> as <see cref="FdEvent.State"/>) and
    /// the readiness present; pass a static delegate so registering allocates only the event.
    /// The fd stays the caller's: dispose the event before closing it. A handler must not run the
    /// loop (<see cref="LoopOnce()"/>, <see cref="LoopUntil(TeventReq)"/>). Loop thread only.
    /// Throws <see cref="IOException"/> when the fd cannot be polled (closed, or a regular file).
    /// </summary>
    public FdEvent AddFd(int fd, FdEventFlags flags, Action<FdEvent, FdEventFlags> handler, object? state)
    {
        AssertOnLoop();
        ArgumentNullException.ThrowIfNull(handler);
        var fde = new FdEvent(this, fd, flags, handler, state);
        int slot;
        if (_freeFdSlots.Count > 0) slot = _freeFdSlots.Pop();
        else
        {
            slot = _fdSlots.Count;
            _fdSlots.Add(null);
        }
        fde.Slot = slot;
        fde.Generation = ++_fdGeneration;
        if (flags != FdEventFlags.None)
        {
            try { _poller.Control(LibC.EPOLL_CTL_ADD, fd, ToEpoll(flags), UserData(fde)); }
            catch
            {
                _freeFdSlots.Push(slot);
                throw;
            }
            fde.InEpoll = true;
            _fdsInEpoll++;
        }
        _fdSlots[slot] = fde;
        return fde;
    }

    /// <summary>Applies a change of <see cref="FdEvent.Flags"/> to the epoll set.</summary>
    internal void UpdateFd(FdEvent fde)
    {
        var flags = fde.Flags;
        if (flags == FdEventFlags.None)
        {
            if (!fde.InEpoll) return;
            _poller.Remove(fde.Fd);
            fde.InEpoll = false;
            _fdsInEpoll--;
            return;
        }
        if (fde.InEpoll)
        {
            _poller.Control(LibC.EPOLL_CTL_MOD, fde.Fd, ToEpoll(flags), UserData(fde));
            return;
        }
        _poller.Control(LibC.EPOLL_CTL_ADD, fde.Fd, ToEpoll(flags), UserData(fde));
        fde.InEpoll = true;
        _fdsInEpoll++;
    }

    internal void RemoveFd(FdEvent fde)
    {
        if (fde.InEpoll)
        {
            _poller.Remove(fde.Fd);
            fde.InEpoll = false;
            _fdsInEpoll--;
        }
        // Readiness already collected for this slot is dropped by the generation check in RunFdEvents.
        _fdSlots[fde.Slot] = null;
        _freeFdSlots.Push(fde.Slot);
    }

    private static ulong UserData(FdEvent fde) => ((ulong)fde.Generation << 32) | (uint)fde.Slot;

    private static uint ToEpoll(FdEventFlags flags) =>
        ((flags & FdEventFlags.Read) != 0 ? LibC.EPOLLIN : 0) | ((flags & FdEventFlags.Write) != 0 ? LibC.EPOLLOUT : 0);

    /// <summary>
    /// Writes the eventfd if the loop is sleeping (or has announced it is about to). Any thread;
    /// called after the work was queued. The full fence orders our queue write before our read of
    /// <see cref="_sleeping"/>, as the loop's Interlocked write of it comes before its queue check:
    /// either the loop sees the work, or we see it sleeping.
    /// </summary>
    private void WakeIfSleeping()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _sleeping) == 0) return;
        if (Interlocked.Exchange(ref _sleeping, 0) == 0) return; // another poster woke it
        Interlocked.Increment(ref Counters.Wakeups);
        _poller.Wake();
    }

    /// <summary>True when a busy round should collect fd readiness (the interval has passed since the last poll).</summary>
    private bool BusyPollDue()
    {
        if (_fdsInEpoll == 0) return false;
        return Stopwatch.GetTimestamp() - _lastPoll >= _busyPollTicks;
    }

    /// <summary>
    /// The start of a round: epoll_wait for at most <paramref name="timeout"/> (zero: just collect
    /// what is ready). A blocking wait announces itself in <see cref="_sleeping"/> first and then
    /// re-checks the cross-thread queues, so a post racing with the round's "anything runnable?"
    /// check either is seen here or wakes the wait through the eventfd.
    /// </summary>
    private void Poll(TimeSpan timeout)
    {
        int timeoutMs = 0;
        bool block = false;
        if (timeout != TimeSpan.Zero && _spin.Current > 0 && SpinFoundWork(timeout)) return;
        if (timeout != TimeSpan.Zero)
        {
            timeoutMs = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
            Interlocked.Exchange(ref _sleeping, 1);
            if (HasPostedWork())
            {
                Volatile.Write(ref _sleeping, 0);
                timeoutMs = 0;
            }
            else block = true;
        }
        if (!block && _fdsInEpoll == 0)
        {
            _poller.ReadyCount = 0; // nothing to collect: save the system call
            return;
        }
        if (block)
        {
            _trace?.Invoke(TracePoint.BeforeWait);
            Counters.Waits++;
        }
        Counters.Polls++;
        long before = block ? Stopwatch.GetTimestamp() : 0;
        _poller.Wait(timeoutMs);
        _lastPoll = Stopwatch.GetTimestamp();
        if (block)
        {
            Volatile.Write(ref _sleeping, 0);
            _trace?.Invoke(TracePoint.AfterWait);
            _spin.Slept(_lastPoll - before);
        }
    }

    /// <summary>
    /// The spin of <see cref="IdleSpin"/>, before an idle round's blocking poll. True when it found
    /// work (ready fds are then collected, as by a non-blocking poll); false when the window passed,
    /// which shrinks the next window. <see cref="_sleeping"/> stays 0 while spinning: posters add to
    /// the queue without writing the eventfd, and every turn looks at the queue.
    /// </summary>
    private bool SpinFoundWork(TimeSpan timeout)
    {
        long start = Stopwatch.GetTimestamp();
        long window = _spin.Current;
        bool untilTimer = false;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            long timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            untilTimer = timeoutTicks < window;
            if (untilTimer) window = timeoutTicks;
        }
        long end = start + window;
        Counters.Spins++;
        while (true)
        {
            if (HasPostedWork())
            {
                _poller.ReadyCount = 0;
                break;
            }
            if (_fdsInEpoll != 0)
            {
                Counters.Polls++;
                _poller.Wait(0);
                if (_poller.ReadyCount > 0) break;
            }
            long now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                _lastPoll = now;
                // A timer is due: the round runs it (sleeping now would oversleep it by up to 1 ms).
                if (untilTimer) return true;
                _spin.Missed();
                return false;
            }
            Thread.Yield(); // sched_yield: any other runnable thread on this CPU goes first
        }
        _lastPoll = Stopwatch.GetTimestamp();
        Counters.SpinHits++;
        _spin.Hit();
        return true;
    }

    /// <summary>Work other threads can hand the loop without an fd: posts, signals, a stop request.</summary>
    private bool HasPostedWork() => _threaded.Count != 0 || _stopRequested || HasPendingSignals();

    /// <summary>The fd phase: handlers of the fds the poll found ready, in the kernel's order.</summary>
    private void RunFdEvents()
    {
        int n = _poller.ReadyCount;
        _poller.ReadyCount = 0;
        for (int i = 0; i < n; i++)
        {
            ulong data = _poller.DataAt(i);
            if (data == EpollPoller.WakeData) continue;
            int slot = (int)(uint)data;
            if (slot >= _fdSlots.Count) continue;
            var fde = _fdSlots[slot];
            // Removed (or removed and the slot reused) by an earlier callback of this round.
            if (fde == null || fde.Generation != (uint)(data >> 32)) continue;
            uint events = _poller.EventsAt(i);
            var ready = FdEventFlags.None;
            // An error or hang-up is reported as whatever the fd waits for: the next read or write
            // returns it (as tevent does).
            if ((events & (LibC.EPOLLIN | LibC.EPOLLERR | LibC.EPOLLHUP)) != 0) ready |= FdEventFlags.Read;
            if ((events & (LibC.EPOLLOUT | LibC.EPOLLERR | LibC.EPOLLHUP)) != 0) ready |= FdEventFlags.Write;
            ready &= fde.Flags; // an earlier callback of this round may have changed the interest
            if (ready == FdEventFlags.None) continue;
            _trace?.Invoke(TracePoint.RunFd);
            Counters.FdEventsRun++;
            long start = Environment.TickCount64;
            try { fde.Handler(fde, ready); }
            finally { CheckDuration(start, "fd"); }
        }
    }

    /// <summary>
    /// Closes the loop's epoll and eventfd descriptors. Call after the loop has stopped, from the
    /// thread that ran it (or any thread once that thread has ended). Posts that arrive afterwards
    /// are queued but never run.
    /// </summary>
    public void Dispose()
    {
        foreach (var fde in _fdSlots)
            if (fde != null) fde.InEpoll = false;
        _poller.Dispose();
    }
}
