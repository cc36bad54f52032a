using System.Runtime.InteropServices;

namespace Ntvfs.Posix.Native;

/// <summary>struct statx_timestamp (linux/stat.h).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct StatxTimestamp
{
    public long tv_sec;
    public uint tv_nsec;
    public int __reserved;
}

/// <summary>struct statx (linux/stat.h), 256 bytes. Fields the kernel did not fill are absent from stx_mask.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
public struct Statx
{
    [FieldOffset(0)] public uint stx_mask;
    [FieldOffset(4)] public uint stx_blksize;
    [FieldOffset(8)] public ulong stx_attributes;
    [FieldOffset(16)] public uint stx_nlink;
    [FieldOffset(20)] public uint stx_uid;
    [FieldOffset(24)] public uint stx_gid;
    [FieldOffset(28)] public ushort stx_mode;
    [FieldOffset(32)] public ulong stx_ino;
    [FieldOffset(40)] public ulong stx_size;
    [FieldOffset(48)] public ulong stx_blocks;
    [FieldOffset(56)] public ulong stx_attributes_mask;
    [FieldOffset(64)] public StatxTimestamp stx_atime;
    [FieldOffset(80)] public StatxTimestamp stx_btime;
    [FieldOffset(96)] public StatxTimestamp stx_ctime;
    [FieldOffset(112)] public StatxTimestamp stx_mtime;
    [FieldOffset(128)] public uint stx_rdev_major;
    [FieldOffset(132)] public uint stx_rdev_minor;
    [FieldOffset(136)] public uint stx_dev_major;
    [FieldOffset(140)] public uint stx_dev_minor;
    [FieldOffset(144)] public ulong stx_mnt_id;
}

internal static unsafe partial class Libc
{
    public const uint STATX_TYPE = 0x0001;
    public const uint STATX_MODE = 0x0002;
    public const uint STATX_NLINK = 0x0004;
    public const uint STATX_UID = 0x0008;
    public const uint STATX_GID = 0x0010;
    public const uint STATX_ATIME = 0x0020;
    public const uint STATX_MTIME = 0x0040;
    public const uint STATX_CTIME = 0x0080;
    public const uint STATX_INO = 0x0100;
    public const uint STATX_SIZE = 0x0200;
    public const uint STATX_BLOCKS = 0x0400;
    /// <summary>Everything struct stat has.</summary>
    public const uint STATX_BASIC_STATS = 0x07FF;
    /// <summary>Birth (creation) time; not every file system has it (ext4, xfs, btrfs, tmpfs do).</summary>
    public const uint STATX_BTIME = 0x0800;
    public const uint STATX_MNT_ID = 0x1000;

    public const int AT_STATX_SYNC_AS_STAT = 0x0000;

    /// <summary>
    /// statx(2) (glibc 2.28+). It also serves as fstatat: pass AT_SYMLINK_NOFOLLOW to stat a link
    /// itself, or an empty path with AT_EMPTY_PATH to stat the descriptor (works on O_PATH fds).
    /// </summary>
    [LibraryImport(LibName, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int statx(SafeFileDescriptor dirfd, string pathname, int flags, uint mask, Statx* statxbuf);

    /// <summary>makedev() as glibc encodes dev_t, so st_dev from statx equals what stat(2) reports.</summary>
    public static ulong MakeDev(uint major, uint minor)
        => ((ulong)(major & 0xFFFFF000u) << 32) | ((ulong)(major & 0xFFFu) << 8)
         | ((ulong)(minor & 0xFFFFFF00u) << 12) | (minor & 0xFFu);
}
