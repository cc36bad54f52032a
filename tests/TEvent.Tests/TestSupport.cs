using Microsoft.Extensions.Logging;

namespace TEvent.Tests;

/// <summary>A clock that moves only when told to, so timer tests never sleep.</summary>
internal sealed class FakeClock : TimeProvider
{
    private long _now = 1_000_000;
    public override long TimestampFrequency => 1_000_000; // microseconds
    public override long GetTimestamp() => Interlocked.Read(ref _now);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _now, (long)(by.TotalSeconds * TimestampFrequency));
}

/// <summary>A logger that keeps what it is given, for tests that check a log line was written.</summary>
internal sealed class ListLogger : ILogger
{
    public readonly List<(LogLevel Level, string Message, Exception? Exception)> Entries = new();
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries) Entries.Add((logLevel, formatter(state, exception), exception));
    }
}

/// <summary>
/// Small request pairs used as sub-requests in the tests, written the way production code writes them.
/// </summary>
internal static class TestRequests
{
    internal sealed class NopState : IReusableState
    {
        public int Value;
        public void Reset() => Value = 0;
    }

    /// <summary>Completes at once inside Send; the callback still comes from an immediate.</summary>
    public static TeventReq ImmediateSend(EventContext ev, int value)
    {
        var req = TeventReq.Create(ev, out NopState state);
        state.Value = value;
        req.Done();
        return req.Post();
    }

    public static uint ImmediateRecv(TeventReq req, out int value)
    {
        value = req.StateAs<NopState>().Value;
        return req.RecvStatus();
    }

    internal sealed class ManualState
    {
        public bool CancelCalled;
    }

    /// <summary>Stays in progress until the test completes it; cancellable.</summary>
    public static TeventReq ManualSend(EventContext ev, bool cancellable = true)
    {
        var req = TeventReq.Create(ev, out ManualState _);
        if (cancellable)
            req.SetCancelFn(static r =>
            {
                r.StateAs<ManualState>().CancelCalled = true;
                r.Error(TeventError.Cancelled);
                return true;
            });
        return req;
    }

    /// <summary>Completes after a timer.</summary>
    public static TeventReq SleepSend(EventContext ev, TimeSpan delay)
    {
        var req = TeventReq.Create(ev, out ManualState _);
        ev.AddTimer(delay, static (_, o) => ((TeventReq)o!).Done(), req);
        return req;
    }
}
