using TEvent.Native;

namespace TEvent.Tests;

/// <summary>
/// Non-blocking pipes for fd-event tests, closed when the test ends, and the helpers that write to
/// them, drain them, and wait (from another thread) for a loop to sleep in epoll_wait.
/// </summary>
internal sealed unsafe class TestPipes : IDisposable
{
    private readonly List<int> _fds = new();

    /// <summary>A pipe: (read end, write end).</summary>
    public (int Read, int Write) Create()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, LibC.pipe2(fds, LibC.O_NONBLOCK | LibC.O_CLOEXEC));
        _fds.Add(fds[0]);
        _fds.Add(fds[1]);
        return (fds[0], fds[1]);
    }

    public static void WriteByte(int fd, byte value = 42) => Assert.Equal(1, (int)LibC.write(fd, &value, 1));

    /// <summary>Reads until the pipe is empty; the number of bytes read.</summary>
    public static int ReadAll(int fd)
    {
        byte* buf = stackalloc byte[64];
        int total = 0;
        nint n;
        while ((n = LibC.read(fd, buf, 64)) > 0) total += (int)n;
        return total;
    }

    /// <summary>Blocks until the loop (on another thread's view) is in its blocking epoll_wait.</summary>
    public static void WaitUntilSleeping(EventContext ev)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!ev.IsSleeping && DateTime.UtcNow < deadline) Thread.Yield();
        Assert.True(ev.IsSleeping, "the loop never went to sleep");
        Thread.Sleep(10); // let it reach epoll_wait itself, not only the announcement before it
    }

    public void Dispose()
    {
        foreach (int fd in _fds) LibC.close(fd);
    }
}
