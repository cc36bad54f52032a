using System.Runtime.InteropServices;

namespace TEvent.Native;

/// <summary>
/// The Linux calls the loop makes: epoll(7) for fd readiness and eventfd(2) for cross-thread
/// wake-ups. Names, argument order and constants are libc's, so `man 2 epoll_wait` documents each.
/// Raw calls: on failure they return -1 and <see cref="Marshal.GetLastPInvokeError"/> holds errno;
/// no EINTR retry here.
/// </summary>
internal static unsafe partial class LibC
{
    private const string LibName = "libc";

    // <sys/epoll.h>
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;
    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;

    // <sys/eventfd.h>
    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;

    // <fcntl.h> (pipe2 flags)
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    // <errno.h>
    public const int EINTR = 4;
    public const int EAGAIN = 11;

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int epoll_create1(int flags);

    /// <summary><paramref name="ev"/> points at one struct epoll_event (see <see cref="EpollEvent"/> for its layout).</summary>
    [LibraryImport(LibName, SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, void* ev);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int epoll_wait(int epfd, void* events, int maxevents, int timeout);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial nint read(int fd, void* buf, nuint count);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial nint write(int fd, void* buf, nuint count);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int close(int fd);

    /// <summary>Used by tests to get a readable/writable pair of descriptors.</summary>
    [LibraryImport(LibName, SetLastError = true)]
    public static partial int pipe2(int* pipefd, int flags);
}
