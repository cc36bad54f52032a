namespace TEvent;

/// <summary>
/// Readiness of one file descriptor as a loop event (tevent_fd, from tevent_add_fd).
/// <see cref="EventContext.AddFd"/> creates it; the handler runs on the loop thread, in the round's
/// fd phase, with the readiness it is interested in that is present (level-triggered: an fd that
/// stays readable is reported again every round until it is read dry or its interest is cleared).
///
/// Loop thread only. The descriptor stays owned by the caller: <see cref="Dispose"/> removes the
/// event (tevent's talloc_free of the fde) but does not close the descriptor, and must come before
/// the caller closes it. After <see cref="Dispose"/> the handler is never called again, not even for
/// readiness already collected in the current round.
/// </summary>
public sealed class FdEvent : IDisposable
{
    private readonly EventContext _ev;
    private FdEventFlags _flags;

    internal FdEvent(EventContext ev, int fd, FdEventFlags flags, Action<FdEvent, FdEventFlags> handler, object? state)
    {
        _ev = ev;
        Fd = fd;
        _flags = flags;
        Handler = handler;
        State = state;
    }

    public int Fd { get; }

    /// <summary>The object passed to <see cref="EventContext.AddFd"/>, for a static handler to work on.</summary>
    public object? State { get; }

    internal Action<FdEvent, FdEventFlags> Handler { get; }

    /// <summary>Index in the loop's fd table and its generation: together the epoll user data.</summary>
    internal int Slot;
    internal uint Generation;

    /// <summary>True while the descriptor is in the epoll set (interest not <see cref="FdEventFlags.None"/>).</summary>
    internal bool InEpoll;

    public bool IsDisposed { get; private set; }

    /// <summary>
    /// tevent_fd_get_flags / tevent_fd_set_flags: the readiness the handler wants. Setting
    /// <see cref="FdEventFlags.None"/> takes the descriptor out of the epoll set (so an fd that has
    /// hung up cannot keep waking the loop); setting it again puts it back. Loop thread only.
    /// </summary>
    public FdEventFlags Flags
    {
        get => _flags;
        set
        {
            _ev.AssertOnLoop();
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            if (value == _flags) return;
            _flags = value;
            _ev.UpdateFd(this);
        }
    }

    /// <summary>Removes the event. Idempotent. Loop thread only.</summary>
    public void Dispose()
    {
        if (IsDisposed) return;
        _ev.AssertOnLoop();
        IsDisposed = true;
        _ev.RemoveFd(this);
    }
}
