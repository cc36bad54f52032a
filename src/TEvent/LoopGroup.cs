using Microsoft.Extensions.Logging;

namespace TEvent;

/// <summary>
/// N loops on N threads (default: one per core). New work (an accepted connection) goes to the
/// least-loaded loop and stays there. Create and <see cref="Stop"/> from any thread.
/// </summary>
public sealed class LoopGroup : IDisposable
{
    private readonly Thread[] _threads;
    private readonly EventContext[] _loops;

    /// <param name="idleSpin">Each loop's <see cref="EventContext.IdleSpin"/>.</param>
    public LoopGroup(int count, ILoggerFactory? loggerFactory = null, string name = "loop", TimeSpan idleSpin = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _loops = new EventContext[count];
        _threads = new Thread[count];
        using var started = new CountdownEvent(count);
        for (int i = 0; i < count; i++)
        {
            var loopName = $"{name}-{i}";
            var ev = new EventContext(loggerFactory?.CreateLogger($"TEvent.{loopName}"), name: loopName);
            _loops[i] = ev;
            _threads[i] = new Thread(() =>
            {
                ev.BindToCurrentThread();
                ev.IdleSpin = idleSpin;
                started.Signal();
                ev.Loop();
            }) { IsBackground = true, Name = loopName };
            _threads[i].Start();
        }
        started.Wait();
    }

    public IReadOnlyList<EventContext> Loops => _loops;

    /// <summary>The loop with the smallest <see cref="EventContext.Load"/> (first one on ties).</summary>
    public EventContext LeastLoaded()
    {
        var best = _loops[0];
        for (int i = 1; i < _loops.Length; i++)
            if (_loops[i].Load < best.Load) best = _loops[i];
        return best;
    }

    /// <summary>
    /// Stops every loop after its current round, waits for the threads to end and closes the
    /// loops' descriptors (not the one of a loop whose own thread calls this: it is still running).
    /// </summary>
    public void Stop()
    {
        foreach (var ev in _loops) ev.Stop();
        for (int i = 0; i < _threads.Length; i++)
        {
            if (_threads[i] == Thread.CurrentThread) continue;
            _threads[i].Join();
            _loops[i].Dispose();
        }
    }

    public void Dispose() => Stop();
}
