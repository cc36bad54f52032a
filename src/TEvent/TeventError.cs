namespace TEvent;

/// <summary>
/// Error codes TEvent itself produces. They are NTSTATUS values (MS-ERREF 2.3.1) so that the SMB
/// layer can put them on the wire unchanged; TEvent does not otherwise know about SMB.
/// </summary>
public static class TeventError
{
    /// <summary>STATUS_IO_TIMEOUT: the request's end time (<see cref="TeventReq.SetEndTime"/>) passed.</summary>
    public const uint TimedOut = 0xC00000B5;

    /// <summary>STATUS_CANCELLED: the request was cancelled before it could finish.</summary>
    public const uint Cancelled = 0xC0000120;

    /// <summary>STATUS_INTERNAL_ERROR: a coroutine body or thread job threw; the exception was logged.</summary>
    public const uint InternalError = 0xC00000E5;
}
