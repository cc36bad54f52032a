using System.Runtime.InteropServices;
using TEvent.Native;

namespace TEvent;

/// <summary>
/// The loop's epoll set and its eventfd, and the buffer epoll_wait fills. Owned by one
/// <see cref="EventContext"/>; only <see cref="Wake"/> is called from other threads (and only while
/// the loop is sleeping, so never after <see cref="Dispose"/>).
/// </summary>
internal sealed unsafe class EpollPoller : IDisposable
{
    /// <summary>The epoll user data of the eventfd; fd events use (generation &lt;&lt; 32 | slot), never this.</summary>
    public const ulong WakeData = ulong.MaxValue;

    private const int Capacity = 256;

    private int _epfd;
    private int _eventfd;
    private byte* _events;

    /// <summary>Entries of the last <see cref="Wait"/> (the eventfd's included).</summary>
    public int ReadyCount;

    public EpollPoller()
    {
        _epfd = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (_epfd < 0) throw Failure("epoll_create1", -1);
        _eventfd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (_eventfd < 0)
        {
            var e = Failure("eventfd", -1);
            LibC.close(_epfd);
            throw e;
        }
        _events = (byte*)NativeMemory.Alloc((nuint)(Capacity * EpollEvent.Size));
        Control(LibC.EPOLL_CTL_ADD, _eventfd, LibC.EPOLLIN, WakeData);
    }

    ~EpollPoller() => Release();

    /// <summary>epoll_ctl; throws <see cref="IOException"/> on failure (a bad or unpollable fd).</summary>
    public void Control(int op, int fd, uint events, ulong data)
    {
        byte* ev = stackalloc byte[16];
        EpollEvent.Write(ev, events, data);
        if (LibC.epoll_ctl(_epfd, op, fd, ev) != 0) throw Failure("epoll_ctl", fd);
    }

    /// <summary>EPOLL_CTL_DEL that ignores failure: the caller may already have closed the fd, which removed it.</summary>
    public void Remove(int fd)
    {
        byte* ev = stackalloc byte[16];
        EpollEvent.Write(ev, 0, 0);
        LibC.epoll_ctl(_epfd, LibC.EPOLL_CTL_DEL, fd, ev);
    }

    /// <summary>epoll_wait for at most <paramref name="timeoutMs"/> (-1: no limit); drains the eventfd if it fired.</summary>
    public void Wait(int timeoutMs)
    {
        int n = LibC.epoll_wait(_epfd, _events, Capacity, timeoutMs);
        if (n < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR) throw Failure("epoll_wait", -1, errno);
            n = 0;
        }
        ReadyCount = n;
        for (int i = 0; i < n; i++)
        {
            if (DataAt(i) != WakeData) continue;
            ulong count;
            LibC.read(_eventfd, &count, sizeof(ulong)); // resets the counter; EAGAIN if a racing read emptied it
        }
    }

    public uint EventsAt(int i) => EpollEvent.Events(_events + i * EpollEvent.Size);

    public ulong DataAt(int i) => EpollEvent.Data(_events + i * EpollEvent.Size);

    /// <summary>Makes the eventfd readable, so a sleeping epoll_wait returns. Any thread.</summary>
    public void Wake()
    {
        ulong one = 1;
        LibC.write(_eventfd, &one, sizeof(ulong));
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (_epfd >= 0) LibC.close(_epfd);
        if (_eventfd >= 0) LibC.close(_eventfd);
        _epfd = _eventfd = -1;
        if (_events != null) NativeMemory.Free(_events);
        _events = null;
    }

    private static IOException Failure(string call, int fd, int errno = 0)
    {
        if (errno == 0) errno = Marshal.GetLastPInvokeError();
        string what = fd >= 0 ? $"{call} (fd {fd})" : call;
        return new IOException($"{what} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
