using Ntvfs.Posix.Native;

namespace Ntvfs.Posix;

/// <summary>
/// Extended attributes through a descriptor of any kind. The f*xattr calls refuse O_PATH
/// descriptors (EBADF); for those the same inode is reached through "/proc/self/fd/N", the way
/// Samba does it. Only regular files and directories are meant: Linux allows no user.* attributes
/// on symbolic links.
/// </summary>
internal sealed class ExtendedAttributes : IXattrAccess
{
    public static ExtendedAttributes Instance { get; } = new();

    public unsafe int Get(SafeFileDescriptor fd, string name, Span<byte> value, out int length)
    {
        length = 0;
        nint n;
        fixed (byte* p = value)
        {
            n = Libc.fgetxattr(fd, name, p, (nuint)value.Length);
            if (n < 0 && Libc.LastErrno == Errno.EBADF)
            {
                using var proc = new ProcFdPath(fd);
                n = Libc.getxattr(proc.Path, name, p, (nuint)value.Length);
            }
        }
        if (n < 0)
            return Libc.LastErrno;
        length = (int)n;
        return 0;
    }

    public unsafe int Set(SafeFileDescriptor fd, string name, ReadOnlySpan<byte> value, int flags)
    {
        int r;
        fixed (byte* p = value)
        {
            r = Libc.fsetxattr(fd, name, p, (nuint)value.Length, flags);
            if (r < 0 && Libc.LastErrno == Errno.EBADF)
            {
                using var proc = new ProcFdPath(fd);
                r = Libc.setxattr(proc.Path, name, p, (nuint)value.Length, flags);
            }
        }
        return r < 0 ? Libc.LastErrno : 0;
    }

    /// <summary>The NUL-separated names; ERANGE if <paramref name="names"/> is too small.</summary>
    public unsafe int List(SafeFileDescriptor fd, Span<byte> names, out int length)
    {
        length = 0;
        nint n;
        fixed (byte* p = names)
        {
            n = Libc.flistxattr(fd, p, (nuint)names.Length);
            if (n < 0 && Libc.LastErrno == Errno.EBADF)
            {
                using var proc = new ProcFdPath(fd);
                n = Libc.listxattr(proc.Path, p, (nuint)names.Length);
            }
        }
        if (n < 0)
            return Libc.LastErrno;
        length = (int)n;
        return 0;
    }

    public int Remove(SafeFileDescriptor fd, string name)
    {
        int r = Libc.fremovexattr(fd, name);
        if (r < 0 && Libc.LastErrno == Errno.EBADF)
        {
            using var proc = new ProcFdPath(fd);
            r = Libc.removexattr(proc.Path, name);
        }
        return r < 0 ? Libc.LastErrno : 0;
    }
}
