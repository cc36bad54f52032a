using System.Runtime.InteropServices;

namespace Ntvfs.Posix.Native;

/// <summary>struct statvfs (glibc, x86_64). Sized generously: newer glibc moved spare fields around.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
public struct Statvfs
{
    [FieldOffset(0)] public ulong f_bsize;
    /// <summary>Fragment size: the unit of f_blocks, f_bfree and f_bavail.</summary>
    [FieldOffset(8)] public ulong f_frsize;
    [FieldOffset(16)] public ulong f_blocks;
    [FieldOffset(24)] public ulong f_bfree;
    /// <summary>Free blocks available to unprivileged users.</summary>
    [FieldOffset(32)] public ulong f_bavail;
    [FieldOffset(40)] public ulong f_files;
    [FieldOffset(48)] public ulong f_ffree;
    [FieldOffset(56)] public ulong f_favail;
    [FieldOffset(64)] public ulong f_fsid;
    [FieldOffset(72)] public ulong f_flag;
    [FieldOffset(80)] public ulong f_namemax;
}

internal static unsafe partial class Libc
{
    /// <summary>f_flag bit: mounted read-only.</summary>
    public const ulong ST_RDONLY = 1;

    [LibraryImport(LibName, SetLastError = true)]
    public static partial int fstatvfs(SafeFileDescriptor fd, Statvfs* buf);

    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int statvfs(string path, Statvfs* buf);
}
