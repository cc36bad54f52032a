using System.Runtime.InteropServices;

namespace Ntvfs.Posix.Native;

/// <summary>struct timespec (x86_64).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Timespec
{
    public long tv_sec;
    public long tv_nsec;

    public Timespec(long sec, long nsec)
    {
        tv_sec = sec;
        tv_nsec = nsec;
    }
}

internal static unsafe partial class Libc
{
    /// <summary>tv_nsec value for utimensat: set this time to now.</summary>
    public const long UTIME_NOW = (1L << 30) - 1;
    /// <summary>tv_nsec value for utimensat: leave this time unchanged.</summary>
    public const long UTIME_OMIT = (1L << 30) - 2;

    /// <summary>times[0] is atime, times[1] is mtime. ctime always becomes "now"; btime cannot be set.</summary>
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int utimensat(SafeFileDescriptor dirfd, string? pathname, Timespec* times, int flags);

    /// <summary>Needs a descriptor opened for reading or writing: on O_PATH it fails with EBADF.</summary>
    [LibraryImport(LibName, SetLastError = true)]
    public static partial int futimens(SafeFileDescriptor fd, Timespec* times);
}
