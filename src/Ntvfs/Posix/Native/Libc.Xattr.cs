using System.Runtime.InteropServices;

namespace Ntvfs.Posix.Native;

/// <summary>
/// Extended attributes (sys/xattr.h). The f* calls need a descriptor opened for reading or writing:
/// on an O_PATH descriptor they fail with EBADF, and the path calls on "/proc/self/fd/N" are the way
/// to reach the same inode (see <see cref="ExtendedAttributes"/>).
/// </summary>
internal static unsafe partial class Libc
{
    /// <summary>setxattr flag: fail with EEXIST if the attribute exists.</summary>
    public const int XATTR_CREATE = 0x1;
    /// <summary>setxattr flag: fail with ENODATA if the attribute does not exist.</summary>
    public const int XATTR_REPLACE = 0x2;

    /// <summary>Largest value the VFS accepts for one attribute (XATTR_SIZE_MAX).</summary>
    public const int XATTR_SIZE_MAX = 65536;

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint fgetxattr(SafeFileDescriptor fd, string name, byte* value, nuint size);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int fsetxattr(SafeFileDescriptor fd, string name, byte* value, nuint size, int flags);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int fremovexattr(SafeFileDescriptor fd, string name);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial nint flistxattr(SafeFileDescriptor fd, byte* list, nuint size);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint getxattr(string path, string name, byte* value, nuint size);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int setxattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int removexattr(string path, string name);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint listxattr(string path, byte* list, nuint size);
}
