using Ntvfs.Posix.Native;

namespace Ntvfs.Posix;

/// <summary>
/// "/proc/self/fd/N" for a descriptor, holding a reference on it while in scope so the number
/// cannot be closed and reused for another file during the path-based call.
/// </summary>
internal ref struct ProcFdPath
{
    private readonly SafeFileDescriptor _fd;
    private bool _added;

    public ProcFdPath(SafeFileDescriptor fd)
    {
        _fd = fd;
        _added = false;
        fd.DangerousAddRef(ref _added);
        Path = "/proc/self/fd/" + fd.Number;
    }

    public string Path { get; }

    public void Dispose()
    {
        if (_added)
        {
            _fd.DangerousRelease();
            _added = false;
        }
    }
}
