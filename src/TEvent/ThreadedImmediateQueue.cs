namespace TEvent;

/// <summary>
/// The only cross-thread entry into a loop (tevent_threaded_schedule_immediate): a bounded FIFO that
/// any thread may post to. When it is full, <see cref="Post"/> blocks the posting thread until the
/// loop drains it (back-pressure) and <see cref="TryPost"/> returns false, so a fast producer cannot
/// grow the loop's memory without bound.
/// </summary>
internal sealed class ThreadedImmediateQueue
{
    private readonly object _lock = new();
    private readonly Queue<ImmediateEntry> _queue = new();
    private readonly int _capacity;
    private int _waitingProducers;

    public ThreadedImmediateQueue(int capacity) => _capacity = capacity;

    public int Count
    {
        get { lock (_lock) return _queue.Count; }
    }

    public bool TryPost(in ImmediateEntry entry, out int depth)
    {
        lock (_lock)
        {
            depth = _queue.Count;
            if (depth >= _capacity) return false;
            _queue.Enqueue(entry);
            depth++;
            return true;
        }
    }

    /// <summary>Blocks while the queue is full. Never call from the owning loop's thread.</summary>
    public int Post(in ImmediateEntry entry)
    {
        lock (_lock)
        {
            while (_queue.Count >= _capacity)
            {
                _waitingProducers++;
                try { Monitor.Wait(_lock); }
                finally { _waitingProducers--; }
            }
            _queue.Enqueue(entry);
            return _queue.Count;
        }
    }

    /// <summary>Moves up to <paramref name="max"/> entries into <paramref name="into"/>; loop thread only.</summary>
    public int Drain(Queue<ImmediateEntry> into, int max)
    {
        lock (_lock)
        {
            int n = Math.Min(max, _queue.Count);
            for (int i = 0; i < n; i++) into.Enqueue(_queue.Dequeue());
            if (n > 0 && _waitingProducers > 0) Monitor.PulseAll(_lock);
            return n;
        }
    }
}

/// <summary>One queued callback: a cached delegate and its argument, so scheduling allocates nothing.</summary>
internal readonly record struct ImmediateEntry(Action<object?> Callback, object? State);
