using System.Runtime.InteropServices;

namespace Ntvfs.Posix.Native;

/// <summary>Directory enumeration on a descriptor (getdents64(2), glibc 2.30+).</summary>
internal static unsafe partial class Libc
{
    // d_type values of struct linux_dirent64 (dirent.h).
    public const byte DT_UNKNOWN = 0;
    public const byte DT_FIFO = 1;
    public const byte DT_CHR = 2;
    public const byte DT_DIR = 4;
    public const byte DT_BLK = 6;
    public const byte DT_REG = 8;
    public const byte DT_LNK = 10;
    public const byte DT_SOCK = 12;

    /// <summary>
    /// Fills <paramref name="dirp"/> with struct linux_dirent64 records:
    /// u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[] (NUL-terminated, padded).
    /// Returns the byte count, 0 at the end of the directory, -1 on error. The descriptor must be
    /// opened for reading (O_RDONLY|O_DIRECTORY), not O_PATH. Rewind with lseek(fd, 0, SEEK_SET).
    /// </summary>
    [LibraryImport(LibName, SetLastError = true)]
    public static partial nint getdents64(SafeFileDescriptor fd, byte* dirp, nuint count);
}
