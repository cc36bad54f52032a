using Ntvfs.Posix;
using Ntvfs.Posix.Native;

namespace Ntvfs.Tests.Posix;

/// <summary>The confinement strategies to run each resolution test under (openat2 only where the kernel has it).</summary>
public static class Strategies
{
    public static bool Openat2Available { get; } = Probe();

    public static TheoryData<PathResolution> All
    {
        get
        {
            var data = new TheoryData<PathResolution> { PathResolution.ComponentWalk };
            if (Openat2Available)
                data.Add(PathResolution.Openat2);
            return data;
        }
    }

    private static bool Probe()
    {
        using SafeFileDescriptor fd = Libc.openat(SafeFileDescriptor.CurrentDirectory, "/tmp",
            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        return ShareRoot.ProbeOpenat2(fd);
    }
}
