namespace TEvent;

/// <summary>
/// The readiness an <see cref="FdEvent"/> is interested in and, in its handler, what is ready
/// (TEVENT_FD_READ, TEVENT_FD_WRITE).
/// </summary>
[Flags]
public enum FdEventFlags
{
    None = 0,
    /// <summary>Data to read, end of file, or an error the next read reports.</summary>
    Read = 1,
    /// <summary>Room to write, or an error the next write reports.</summary>
    Write = 2,
}
