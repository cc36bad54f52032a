using System.Runtime.InteropServices;

namespace Ntvfs.Posix.Native;

/// <summary>Ownership changes (chown(2)); -1 (uint.MaxValue) leaves the id unchanged.</summary>
internal static unsafe partial class Libc
{
    public const uint KeepId = uint.MaxValue;

    /// <summary>Needs a descriptor opened for reading or writing: on O_PATH it fails with EBADF.</summary>
    [LibraryImport(LibName, SetLastError = true)]
    public static partial int fchown(SafeFileDescriptor fd, uint owner, uint group);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int fchownat(SafeFileDescriptor dirfd, string pathname, uint owner, uint group, int flags);
}
