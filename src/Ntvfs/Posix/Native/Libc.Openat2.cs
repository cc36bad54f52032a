using System.Runtime.InteropServices;
using System.Text;

namespace Ntvfs.Posix.Native;

/// <summary>struct open_how (linux/openat2.h): the extensible argument of openat2(2).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct OpenHow
{
    public ulong flags;
    /// <summary>Must be 0 unless flags has O_CREAT or O_TMPFILE, or openat2 fails with EINVAL.</summary>
    public ulong mode;
    public ulong resolve;
}

internal static unsafe partial class Libc
{
    /// <summary>__NR_openat2 on x86_64 (Linux 5.6+). glibc has no wrapper, so it goes through syscall(2).</summary>
    public const long SYS_openat2 = 437;

    /// <summary>Block traversal of mount points (not used: shares may contain mounts).</summary>
    public const ulong RESOLVE_NO_XDEV = 0x01;
    /// <summary>Refuse "magic links" such as /proc/self/fd/N and /proc/self/exe.</summary>
    public const ulong RESOLVE_NO_MAGICLINKS = 0x02;
    /// <summary>Refuse every symbolic link (implies RESOLVE_NO_MAGICLINKS).</summary>
    public const ulong RESOLVE_NO_SYMLINKS = 0x04;
    /// <summary>Fail with EXDEV if any step would leave the subtree of dirfd (absolute links, "..").</summary>
    public const ulong RESOLVE_BENEATH = 0x08;
    /// <summary>Treat dirfd as the root ("/" and ".." stop there), like a chroot.</summary>
    public const ulong RESOLVE_IN_ROOT = 0x10;
    /// <summary>Only succeed if the lookup can be served from the dentry cache (else EAGAIN).</summary>
    public const ulong RESOLVE_CACHED = 0x20;

    [LibraryImport(LibName, EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall_openat2(long number, SafeFileDescriptor dirfd, byte* pathname, OpenHow* how,
        nuint size);

    /// <summary>
    /// openat2(2). Returns an invalid descriptor and leaves errno in <see cref="LastErrno"/> on failure.
    /// ENOSYS means the kernel is older than 5.6 (or a seccomp filter hides the call).
    /// </summary>
    public static SafeFileDescriptor openat2(SafeFileDescriptor dirfd, string pathname, in OpenHow how)
    {
        int max = Encoding.UTF8.GetMaxByteCount(pathname.Length) + 1;
        Span<byte> buffer = max <= 1024 ? stackalloc byte[1024] : new byte[max];
        int n = Encoding.UTF8.GetBytes(pathname, buffer);
        buffer[n] = 0;
        OpenHow copy = how;
        long fd;
        fixed (byte* p = buffer)
            fd = syscall_openat2(SYS_openat2, dirfd, p, &copy, (nuint)sizeof(OpenHow));
        return fd < 0 ? new SafeFileDescriptor() : new SafeFileDescriptor((int)fd, ownsHandle: true);
    }
}
