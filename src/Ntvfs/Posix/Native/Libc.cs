using System.Runtime.InteropServices;

namespace Ntvfs.Posix.Native;

/// <summary>
/// P/Invoke declarations for the glibc calls the posix backend makes (Linux x86_64 only).
/// Names, argument order and constants are exactly libc's, so `man 2 openat` documents each one.
/// Every call that can fail is declared with SetLastError: on failure it returns -1 (or an invalid
/// <see cref="SafeFileDescriptor"/>) and <see cref="Marshal.GetLastPInvokeError"/> holds errno.
/// These are raw calls: no EINTR retry, no errno mapping (see <see cref="ErrnoMapping"/>).
/// Callers on the loop thread must not make the calls that can block for long (pread, pwrite,
/// fsync, fallocate, copy_file_range, getdents64 on network file systems): those run in thread jobs.
/// </summary>
internal static unsafe partial class Libc
{
    private const string LibName = "libc";

    // <fcntl.h>, x86_64 values.
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_ACCMODE = 0x3;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_TRUNC = 0x200;
    public const int O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800;
    public const int O_DSYNC = 0x1000;
    public const int O_DIRECT = 0x4000;
    public const int O_LARGEFILE = 0x8000;
    public const int O_DIRECTORY = 0x10000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_NOATIME = 0x40000;
    public const int O_CLOEXEC = 0x80000;
    public const int O_SYNC = 0x101000;
    public const int O_PATH = 0x200000;
    public const int O_TMPFILE = 0x410000;

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_REMOVEDIR = 0x200;
    public const int AT_SYMLINK_FOLLOW = 0x400;
    public const int AT_NO_AUTOMOUNT = 0x800;
    public const int AT_EMPTY_PATH = 0x1000;

    // <linux/fs.h> renameat2 flags.
    public const uint RENAME_NOREPLACE = 0x1;
    public const uint RENAME_EXCHANGE = 0x2;

    // <linux/falloc.h>
    public const int FALLOC_FL_KEEP_SIZE = 0x01;
    public const int FALLOC_FL_PUNCH_HOLE = 0x02;
    public const int FALLOC_FL_ZERO_RANGE = 0x10;

    // <unistd.h> lseek whence.
    public const int SEEK_SET = 0;
    public const int SEEK_CUR = 1;
    public const int SEEK_END = 2;
    public const int SEEK_DATA = 3;
    public const int SEEK_HOLE = 4;

    // <sys/stat.h> file type bits of st_mode.
    public const uint S_IFMT = 0xF000;
    public const uint S_IFSOCK = 0xC000;
    public const uint S_IFLNK = 0xA000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFBLK = 0x6000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFCHR = 0x2000;
    public const uint S_IFIFO = 0x1000;

    /// <summary>Permission bits of st_mode (rwx for user, group, other, plus setuid/setgid/sticky).</summary>
    public const uint S_IALLUGO = 0xFFF;
    public const uint S_IWUGO = 0x92; // 0222

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial SafeFileDescriptor openat(SafeFileDescriptor dirfd, string pathname, int flags, uint mode);

    /// <summary>Raw close. Use <see cref="SafeFileDescriptor.Dispose()"/> instead, which calls this once.</summary>
    [LibraryImport(LibName, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(LibName, EntryPoint = "pread64", SetLastError = true)]
    public static partial nint pread(SafeFileDescriptor fd, byte* buf, nuint count, long offset);

    [LibraryImport(LibName, EntryPoint = "pwrite64", SetLastError = true)]
    public static partial nint pwrite(SafeFileDescriptor fd, byte* buf, nuint count, long offset);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int fsync(SafeFileDescriptor fd);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int fdatasync(SafeFileDescriptor fd);

    [LibraryImport(LibName, EntryPoint = "ftruncate64", SetLastError = true)]
    public static partial int ftruncate(SafeFileDescriptor fd, long length);

    [LibraryImport(LibName, EntryPoint = "fallocate64", SetLastError = true)]
    public static partial int fallocate(SafeFileDescriptor fd, int mode, long offset, long len);

    [LibraryImport(LibName, EntryPoint = "lseek64", SetLastError = true)]
    public static partial long lseek(SafeFileDescriptor fd, long offset, int whence);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial nint copy_file_range(SafeFileDescriptor fd_in, long* off_in, SafeFileDescriptor fd_out,
        long* off_out, nuint len, uint flags);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int mkdirat(SafeFileDescriptor dirfd, string pathname, uint mode);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int unlinkat(SafeFileDescriptor dirfd, string pathname, int flags);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int renameat2(SafeFileDescriptor olddirfd, string oldpath, SafeFileDescriptor newdirfd,
        string newpath, uint flags);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int linkat(SafeFileDescriptor olddirfd, string oldpath, SafeFileDescriptor newdirfd,
        string newpath, int flags);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int symlinkat(string target, SafeFileDescriptor newdirfd, string linkpath);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint readlinkat(SafeFileDescriptor dirfd, string pathname, byte* buf, nuint bufsiz);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int fchmod(SafeFileDescriptor fd, uint mode);

    /// <summary>Note: glibc's fchmodat does not support AT_SYMLINK_NOFOLLOW without /proc; pass 0.</summary>
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int fchmodat(SafeFileDescriptor dirfd, string pathname, uint mode, int flags);

    /// <summary>
    /// Sets the process-wide umask. The host (not a backend) owns this: the create-mask helpers assume
    /// umask 0, as Samba's smbd sets it at startup, so that "create mask" alone decides the mode.
    /// </summary>
    [LibraryImport(LibName)]
    public static partial uint umask(uint mask);

    /// <summary>Reads the last P/Invoke errno; call right after the failing call.</summary>
    public static int LastErrno => Marshal.GetLastPInvokeError();
}
