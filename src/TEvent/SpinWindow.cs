using System.Diagnostics;

namespace TEvent;

/// <summary>
/// How long a thread that has run out of work polls for more (yielding the CPU between polls)
/// before it blocks, in <see cref="Stopwatch"/> ticks. Why poll at all: whoever hands work to a
/// blocked thread pays for waking it inside its own system call (a futex or eventfd write, and on a
/// virtual machine an inter-processor interrupt and a hypervisor exit); with work a few
/// microseconds apart that is most of the cost of a small request. Why it adapts: a spin that
/// finds nothing halves the next one, down to none, so an idle or lightly loaded thread blocks at
/// once; work that comes within <see cref="Max"/> of blocking (the spin would have caught it)
/// restores the full window. Not thread-safe: one owner (a loop, or a pool under its lock).
/// </summary>
internal struct SpinWindow
{
    /// <summary>The configured window; zero never spins.</summary>
    public long Max { get; private set; }

    /// <summary>The window the next spin may use.</summary>
    public long Current { get; private set; }

    public TimeSpan MaxTime
    {
        readonly get => TimeSpan.FromSeconds((double)Max / Stopwatch.Frequency);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Max = Current = (long)(value.TotalSeconds * Stopwatch.Frequency);
        }
    }

    /// <summary>A spin found work: keep spinning at the full window.</summary>
    public void Hit() => Current = Max;

    /// <summary>A spin ran its whole window without work: halve it; under a sixteenth of <see cref="Max"/>, stop.</summary>
    public void Missed()
    {
        Current /= 2;
        if (Current < Max / 16) Current = 0;
    }

    /// <summary>The thread blocked for <paramref name="ticks"/>; if that was shorter than a full spin, spinning pays again.</summary>
    public void Slept(long ticks)
    {
        if (ticks < Max) Current = Max;
    }
}
