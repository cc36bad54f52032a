using Microsoft.Extensions.Logging;
using Protocol;

namespace Ntvfs.Posix.Backend;

/// <summary>The posix backend's log lines (source-generated, no string building unless enabled).</summary>
internal static partial class PosixBackendLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning,
        Message = "Share {Share}: {Count} handle(s) were still open at tree disconnect and were released without their delete-on-close")]
    public static partial void HandlesLeftOpen(ILogger logger, string share, int count);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Share {Share}: delete-on-close of {Path} failed with {Status}")]
    public static partial void DeleteOnCloseFailed(ILogger logger, string share, string path, NtStatus status);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "Share {Share}: change notify on {Path} could not be set up: {Status}")]
    public static partial void NotifyWatchFailed(ILogger logger, string share, string path, NtStatus status);

    [LoggerMessage(EventId = 120, Level = LogLevel.Error,
        Message = "A create threw in its thread job; it completes with STATUS_INTERNAL_ERROR")]
    public static partial void CreateJobFailed(ILogger logger, Exception exception);
}
