using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>What a FILETIME in a set-information request asks for (MS-FSA 2.1.5.14.2, FileBasicInformation).</summary>
public enum FileTimeSetting
{
    /// <summary>A real time: set the field to it.</summary>
    Set,
    /// <summary>0: leave the field as it is.</summary>
    Unchanged,
    /// <summary>-1: leave the field as it is, and stop updating it automatically for the rest of this open.</summary>
    UnchangedAndStopAutoUpdate,
    /// <summary>-2: leave the field as it is, and resume automatic updates for this open.</summary>
    ResumeAutoUpdate,
}

/// <summary>
/// FILETIME (MS-DTYP 2.3.3: 100-nanosecond intervals since 1601-01-01 UTC, as a signed 64-bit count)
/// to and from Unix timestamps (seconds and nanoseconds since 1970-01-01 UTC).
/// </summary>
/// <remarks>
/// Stopping and resuming automatic updates (-1 / -2) is per-open state: the backend records it on
/// its open and, while it is set, restores the field after each write with futimens (the kernel
/// always updates mtime/ctime on write). Only atime and mtime can be set on Linux; ctime (ChangeTime)
/// is always "now" after any change, and the birth time cannot be set at all, so the creation time a
/// client sets is kept in the DOS attribute xattr (<see cref="DosAttributes"/>).
/// </remarks>
public static class FileTime
{
    /// <summary>The FILETIME of the Unix epoch, 1970-01-01T00:00:00Z.</summary>
    public const long UnixEpoch = 116_444_736_000_000_000;

    public const long TicksPerSecond = 10_000_000;

    /// <summary>Converts a Unix time; sub-100ns precision is truncated. Times before 1601 give 0.</summary>
    public static long FromUnix(long seconds, long nanoseconds)
    {
        // Whole seconds first, so a far-future value saturates instead of wrapping.
        const long maxSeconds = (long.MaxValue - UnixEpoch) / TicksPerSecond - 1;
        const long minSeconds = -UnixEpoch / TicksPerSecond;
        if (seconds > maxSeconds) return long.MaxValue;
        if (seconds < minSeconds) return 0;
        long value = UnixEpoch + seconds * TicksPerSecond + nanoseconds / 100;
        return value < 0 ? 0 : value;
    }

    public static long FromStatx(in StatxTimestamp ts) => FromUnix(ts.tv_sec, ts.tv_nsec);

    /// <summary>Converts a FILETIME (>= 0) to a timespec; flooring, so times before 1970 stay exact.</summary>
    public static Timespec ToTimespec(long fileTime)
    {
        long sinceEpoch = fileTime - UnixEpoch;
        long seconds = Math.DivRem(sinceEpoch, TicksPerSecond, out long rem);
        if (rem < 0)
        {
            seconds--;
            rem += TicksPerSecond;
        }
        return new Timespec(seconds, rem * 100);
    }

    /// <summary>
    /// Classifies a FILETIME from FileBasicInformation. MS-FSA 2.1.5.14.2: a value below -2 is
    /// STATUS_INVALID_PARAMETER.
    /// </summary>
    public static NtStatus Classify(long value, out FileTimeSetting setting)
    {
        setting = value switch
        {
            0 => FileTimeSetting.Unchanged,
            -1 => FileTimeSetting.UnchangedAndStopAutoUpdate,
            -2 => FileTimeSetting.ResumeAutoUpdate,
            _ => FileTimeSetting.Set,
        };
        return value < -2 ? NtStatus.InvalidParameter : NtStatus.Success;
    }

    /// <summary>
    /// The utimensat/futimens element for a requested FILETIME: the time itself, or UTIME_OMIT for
    /// 0, -1 and -2 (which never change the stored time). Call <see cref="Classify"/> first.
    /// </summary>
    public static Timespec ToUtimensArgument(long value)
        => value is 0 or -1 or -2 ? new Timespec(0, Libc.UTIME_OMIT) : ToTimespec(value);
}
