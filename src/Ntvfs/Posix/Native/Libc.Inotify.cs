using System.Runtime.InteropServices;

namespace Ntvfs.Posix.Native;

/// <summary>struct pollfd (poll.h).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PollFd
{
    public int fd;
    public short events;
    public short revents;
}

/// <summary>
/// inotify(7), and the poll/eventfd pair the watcher thread waits on. An inotify read returns
/// records of struct inotify_event: i32 wd; u32 mask; u32 cookie; u32 len; char name[len]
/// (NUL-padded), so one read can carry many events.
/// </summary>
internal static unsafe partial class Libc
{
    public const int IN_CLOEXEC = O_CLOEXEC;
    public const int IN_NONBLOCK = O_NONBLOCK;

    public const uint IN_ACCESS = 0x00000001;
    public const uint IN_MODIFY = 0x00000002;
    public const uint IN_ATTRIB = 0x00000004;
    public const uint IN_CLOSE_WRITE = 0x00000008;
    public const uint IN_MOVED_FROM = 0x00000040;
    public const uint IN_MOVED_TO = 0x00000080;
    public const uint IN_CREATE = 0x00000100;
    public const uint IN_DELETE = 0x00000200;
    public const uint IN_DELETE_SELF = 0x00000400;
    public const uint IN_MOVE_SELF = 0x00000800;
    /// <summary>Event queue overflowed (wd is -1).</summary>
    public const uint IN_Q_OVERFLOW = 0x00004000;
    /// <summary>The watch was removed (explicitly, or because its directory went away).</summary>
    public const uint IN_IGNORED = 0x00008000;
    public const uint IN_ONLYDIR = 0x01000000;
    public const uint IN_DONT_FOLLOW = 0x02000000;
    public const uint IN_EXCL_UNLINK = 0x04000000;
    public const uint IN_MASK_ADD = 0x20000000;
    /// <summary>The subject of the event is a directory.</summary>
    public const uint IN_ISDIR = 0x40000000;

    public const short POLLIN = 0x0001;

    public const int EFD_CLOEXEC = O_CLOEXEC;
    public const int EFD_NONBLOCK = O_NONBLOCK;

    [LibraryImport(LibName, SetLastError = true)]
    public static partial SafeFileDescriptor inotify_init1(int flags);

    /// <summary>Returns the watch descriptor (the same one again for an inode already watched), or -1.</summary>
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int inotify_add_watch(SafeFileDescriptor fd, string pathname, uint mask);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int inotify_rm_watch(SafeFileDescriptor fd, int wd);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial SafeFileDescriptor eventfd(uint initval, int flags);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial nint read(SafeFileDescriptor fd, byte* buf, nuint count);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial nint write(SafeFileDescriptor fd, byte* buf, nuint count);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint nfds, int timeout);
}
