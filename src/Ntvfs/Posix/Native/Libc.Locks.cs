using System.Runtime.InteropServices;

namespace Ntvfs.Posix.Native;

/// <summary>struct flock (x86_64, 32 bytes): the argument of the fcntl record-lock commands.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct Flock
{
    [FieldOffset(0)] public short l_type;
    [FieldOffset(2)] public short l_whence;
    [FieldOffset(8)] public long l_start;
    /// <summary>0 means "to the end of the file, however far it grows".</summary>
    [FieldOffset(16)] public long l_len;
    /// <summary>Must be 0 for the OFD commands; F_OFD_GETLK returns -1 here.</summary>
    [FieldOffset(24)] public int l_pid;
}

/// <summary>
/// Whole-file flock(2) and open-file-description (OFD) byte-range locks through fcntl(2). OFD locks
/// belong to the open file description, not the process, so two SMB opens of one file in this
/// process do conflict with each other, and closing one descriptor does not drop another's locks.
/// They are advisory: SMB byte-range semantics (mandatory for READ/WRITE, 64-bit unsigned ranges)
/// live in the server's own lock table; OFD locks only make our locks visible to local processes.
/// </summary>
internal static unsafe partial class Libc
{
    public const int LOCK_SH = 1;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int LOCK_UN = 8;

    public const int F_OFD_GETLK = 36;
    public const int F_OFD_SETLK = 37;
    public const int F_OFD_SETLKW = 38;

    public const short F_RDLCK = 0;
    public const short F_WRLCK = 1;
    public const short F_UNLCK = 2;

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int flock(SafeFileDescriptor fd, int operation);

    /// <summary>fcntl(2) with a struct flock argument (F_OFD_GETLK/SETLK/SETLKW).</summary>
    [LibraryImport(LibName, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int fcntl_lock(SafeFileDescriptor fd, int cmd, Flock* lk);
}
