using System.Runtime.InteropServices;

namespace TEvent;

/// <summary>
/// A POSIX signal delivered as a loop event (tevent_add_signal). The OS handler runs on a runtime
/// thread; it only records the signal and wakes the loop, and the callback runs on the loop thread
/// at the start of the next round. Registering a signal suppresses its default action (so SIGTERM
/// does not kill the process: the callback decides). Dispose to unregister.
/// </summary>
public sealed class SignalEvent : IDisposable
{
    private readonly PosixSignalRegistration _registration;

    internal SignalEvent(EventContext ev, PosixSignal signal, Action<PosixSignal> callback)
    {
        Signal = signal;
        Callback = callback;
        _registration = PosixSignalRegistration.Create(signal, ctx =>
        {
            ctx.Cancel = true;
            ev.SignalArrived(this);
        });
    }

    public PosixSignal Signal { get; }
    internal Action<PosixSignal> Callback { get; }
    internal bool Disposed { get; private set; }

    public void Dispose()
    {
        Disposed = true;
        _registration.Dispose();
    }
}
