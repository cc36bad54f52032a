using System.Collections.Concurrent;
using Ntvfs.Posix.Native;
using TEvent;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// Descriptors of closed handles waiting for close(2), which runs off the loop but needs no thread
/// job of its own: the next CREATE's job closes them before it opens (it is on a worker thread
/// anyway), and a timer on the loop starts a job for whatever is left when no CREATE came (or
/// when too many wait).
/// Thread-safe: the loops add, thread jobs take.
/// </summary>
/// <remarks>
/// Why: a CLOSE that needs neither the attributes (SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB) nor a delete
/// has nothing left to do on disk but close(2), and close(2) may block (a flush on a network file
/// system), so the loop does not call it. A thread job per CLOSE costs two thread switches, more
/// than everything else an open and close cost together on a busy machine. The CLOSE answers once
/// the open is retired on the loop (the share mode, oplock and locks are released there, so a
/// following CREATE sees the file free); the descriptor stays open a little longer, which no client
/// can observe: the server takes no POSIX locks or leases that would outlive the handle.
/// </remarks>
internal sealed class DeferredClose : IDisposable
{
    /// <summary>How long a descriptor may wait for a CREATE to close it before a job of its own does.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(2);

    /// <summary>Most descriptors one CREATE closes before its own work, so its latency stays bounded.</summary>
    public const int MaxPerCreate = 32;

    private static readonly Action<TimerEvent, object?> TimerFired = (_, o) => ((Arming)o!).Fired();

    /// <summary>Waiting descriptors beyond which the timer starts a job even while CREATEs are closing some.</summary>
    public const int MaxWaiting = 256;

    private readonly ConcurrentQueue<SafeFileDescriptor> _queue = new();

    /// <summary>Counts the takes that closed something, so the timer can tell whether CREATEs are keeping up.</summary>
    private int _takes;

    /// <summary>1 while a timer or a job is on its way to empty the queue.</summary>
    private int _armed;

    /// <summary>Descriptors waiting (for tests and `status`).</summary>
    public int Count => _queue.Count;

    /// <summary>On a loop: hands <paramref name="fd"/> over to be closed soon.</summary>
    public void Add(EventContext ev, SafeFileDescriptor fd)
    {
        _queue.Enqueue(fd);
        Arm(ev);
    }

    /// <summary>On a worker thread: closes up to <paramref name="max"/> waiting descriptors.</summary>
    public int CloseSome(int max)
    {
        int n = 0;
        while (n < max && _queue.TryDequeue(out SafeFileDescriptor? fd))
        {
            fd.Dispose();
            n++;
        }
        if (n > 0)
            Interlocked.Increment(ref _takes);
        return n;
    }

    /// <summary>Closes everything still waiting (backend shutdown).</summary>
    public void Dispose() => CloseSome(int.MaxValue);

    private void Arm(EventContext ev)
    {
        if (Interlocked.CompareExchange(ref _armed, 1, 0) == 0)
            new Arming(this, ev).Start();
    }

    private void Disarm(EventContext ev)
    {
        Volatile.Write(ref _armed, 0);
        // Added between the last take and the reset: nobody else will come for it.
        if (!_queue.IsEmpty)
            Arm(ev);
    }

    private sealed class Arming(DeferredClose owner, EventContext ev)
    {
        public DeferredClose Owner { get; } = owner;
        public EventContext Ev { get; } = ev;

        /// <summary><see cref="_takes"/> when the timer was set.</summary>
        private int _takesAtStart;

        public void Start()
        {
            _takesAtStart = Volatile.Read(ref Owner._takes);
            Ev.AddTimer(Delay, TimerFired, this);
        }

        private void JobDone(TeventReq subreq)
        {
            ThreadJob.Recv(subreq, out int _);
            Owner.Disarm(Ev);
        }

        public void Fired()
        {
            if (Owner._queue.IsEmpty)
            {
                Owner.Disarm(Ev);
                return;
            }
            // CREATEs closed some meanwhile: they will take these too; look again later.
            if (Volatile.Read(ref Owner._takes) != _takesAtStart && Owner._queue.Count < MaxWaiting)
            {
                Start();
                return;
            }
            TeventReq subreq = ThreadJob.Send(Ev, () => Owner.CloseSome(int.MaxValue), "posix deferred close");
            subreq.SetCallback(JobDone);
        }
    }
}
