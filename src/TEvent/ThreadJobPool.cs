using System.Diagnostics;

namespace TEvent;

/// <summary>
/// A bounded pool of threads for blocking work (pthreadpool): threads are created on demand up to
/// <see cref="MaxThreads"/> and then reused; further jobs wait in the queue. Any thread may submit.
/// </summary>
public sealed class ThreadJobPool
{
    private static readonly Lazy<ThreadJobPool> SharedPool = new(() => new ThreadJobPool(DefaultThreads, "tevent-job"));

    private readonly object _lock = new();
    private readonly Queue<IThreadJob> _queue = new();
    private readonly string _name;
    private int _threads;
    private int _idle;
    private int _queued;   // _queue.Count, readable without the lock by the spinning worker
    private int _spinners; // workers polling the queue before they wait: at most one
    private int _pulses;
    private SpinWindow _spin;

    public ThreadJobPool(int maxThreads, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        MaxThreads = maxThreads;
        _name = name;
    }

    /// <summary>Blocking file system calls dominate; a few per core keeps disks busy without thrashing.</summary>
    public static int DefaultThreads => Math.Max(8, Environment.ProcessorCount * 4);

    /// <summary>The process-wide pool used by <see cref="ThreadJob.Send{T}(EventContext, Func{T}, string?)"/>.</summary>
    public static ThreadJobPool Shared => SharedPool.Value;

    public int MaxThreads { get; }

    public int Threads => Volatile.Read(ref _threads);

    /// <summary>Workers polling the queue right now (0 or 1). For tests.</summary>
    internal int Spinners => Volatile.Read(ref _spinners);

    /// <summary>Times a submission woke a waiting worker. For tests.</summary>
    internal int Pulses => Volatile.Read(ref _pulses);

    public int Queued
    {
        get { lock (_lock) return _queue.Count; }
    }

    /// <summary>
    /// How long a worker that has finished its job polls the queue (yielding the CPU) before it
    /// waits, so a loop submitting a job a few microseconds later has no thread to wake. One worker
    /// spins at a time; the window adapts as a loop's does (<see cref="SpinWindow"/>). Zero (the
    /// default) never spins. Any thread.
    /// </summary>
    public TimeSpan IdleSpin
    {
        get { lock (_lock) return _spin.MaxTime; }
        set { lock (_lock) _spin.MaxTime = value; }
    }

    internal void Submit(IThreadJob job)
    {
        bool startThread = false;
        lock (_lock)
        {
            _queue.Enqueue(job);
            _queued = _queue.Count;
            // A spinning worker takes one job without being woken; more need more threads.
            if (_queue.Count > _spinners)
            {
                if (_idle > 0)
                {
                    _pulses++;
                    Monitor.Pulse(_lock);
                }
                else if (_threads < MaxThreads)
                {
                    _threads++;
                    startThread = true;
                }
            }
        }
        if (startThread)
            new Thread(Work) { IsBackground = true, Name = $"{_name}-{_threads}" }.Start();
    }

    private void Work()
    {
        bool maySpin = true; // not straight after a spin that found nothing
        while (true)
        {
            IThreadJob? job;
            bool spin = false;
            lock (_lock)
            {
                if (maySpin && _queue.Count == 0 && _spinners == 0 && _spin.Current > 0)
                {
                    _spinners++;
                    spin = true;
                    job = null;
                }
                else job = WaitForJob();
            }
            if (spin) job = SpinForJob();
            maySpin = job != null;
            job?.Execute();
        }
    }

    /// <summary>Blocks until a job is queued and takes it. Under the lock.</summary>
    private IThreadJob WaitForJob()
    {
        while (_queue.Count == 0)
        {
            _idle++;
            long start = Stopwatch.GetTimestamp();
            try { Monitor.Wait(_lock); }
            finally { _idle--; }
            _spin.Slept(Stopwatch.GetTimestamp() - start);
        }
        return Dequeue();
    }

    private IThreadJob Dequeue()
    {
        var job = _queue.Dequeue();
        _queued = _queue.Count;
        return job;
    }

    /// <summary>
    /// Polls the queue for the spin window. Submit does not wake anyone while we count in
    /// <see cref="_spinners"/>, so every exit re-checks the queue under the lock. Null when the
    /// window passed without a job (the caller then waits).
    /// </summary>
    private IThreadJob? SpinForJob()
    {
        long end;
        lock (_lock) end = Stopwatch.GetTimestamp() + _spin.Current;
        while (true)
        {
            if (Volatile.Read(ref _queued) > 0 || Stopwatch.GetTimestamp() >= end)
            {
                lock (_lock)
                {
                    if (_queue.Count > 0)
                    {
                        _spinners--;
                        _spin.Hit();
                        return Dequeue();
                    }
                    if (Stopwatch.GetTimestamp() >= end)
                    {
                        _spinners--;
                        _spin.Missed();
                        return null;
                    }
                }
            }
            Thread.Yield();
        }
    }
}

internal interface IThreadJob
{
    void Execute();
}
