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

    public int Queued
    {
        get { lock (_lock) return _queue.Count; }
    }

    internal void Submit(IThreadJob job)
    {
        bool startThread = false;
        lock (_lock)
        {
            _queue.Enqueue(job);
            if (_idle > 0) Monitor.Pulse(_lock);
            else if (_threads < MaxThreads)
            {
                _threads++;
                startThread = true;
            }
        }
        if (startThread)
            new Thread(Work) { IsBackground = true, Name = $"{_name}-{_threads}" }.Start();
    }

    private void Work()
    {
        while (true)
        {
            IThreadJob job;
            lock (_lock)
            {
                while (_queue.Count == 0)
                {
                    _idle++;
                    try { Monitor.Wait(_lock); }
                    finally { _idle--; }
                }
                job = _queue.Dequeue();
            }
            job.Execute();
        }
    }
}

internal interface IThreadJob
{
    void Execute();
}
