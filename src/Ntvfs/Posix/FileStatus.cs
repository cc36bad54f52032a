using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>
/// A snapshot of statx(2) for one file, with the NT views of its fields (FILETIMEs, allocation size).
/// </summary>
public readonly struct FileStatus
{
    /// <summary>What every lookup asks the kernel for.</summary>
    public const uint RequestMask = Libc.STATX_BASIC_STATS | Libc.STATX_BTIME;

    public ulong Device { get; init; }
    public ulong Inode { get; init; }
    /// <summary>st_mode: file type and permission bits.</summary>
    public uint Mode { get; init; }
    public uint LinkCount { get; init; }
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public long Size { get; init; }
    /// <summary>st_blocks: 512-byte units actually allocated.</summary>
    public long Blocks { get; init; }
    public int BlockSize { get; init; }
    public StatxTimestamp AccessTime { get; init; }
    public StatxTimestamp ModifyTime { get; init; }
    public StatxTimestamp ChangeTime { get; init; }
    /// <summary>Valid only when <see cref="HasBirthTime"/>.</summary>
    public StatxTimestamp BirthTime { get; init; }
    public bool HasBirthTime { get; init; }

    public uint FileType => Mode & Libc.S_IFMT;
    public bool IsDirectory => FileType == Libc.S_IFDIR;
    public bool IsRegularFile => FileType == Libc.S_IFREG;
    public bool IsSymbolicLink => FileType == Libc.S_IFLNK;
    public uint Permissions => Mode & Libc.S_IALLUGO;

    /// <summary>MS-FSCC 2.4.7 AllocationSize: bytes allocated on disk.</summary>
    public long AllocationSize => Blocks * 512;

    public long LastAccessFileTime => FileTime.FromStatx(AccessTime);
    public long LastWriteFileTime => FileTime.FromStatx(ModifyTime);
    public long ChangeFileTime => FileTime.FromStatx(ChangeTime);

    /// <summary>
    /// The creation time when nothing is stored for the file: the birth time if the file system has
    /// one, else the older of ctime and mtime (the best lower bound Linux keeps).
    /// </summary>
    public long FallbackCreationFileTime
        => HasBirthTime ? FileTime.FromStatx(BirthTime) : Math.Min(ChangeFileTime, LastWriteFileTime);

    public FileId FileId => new(Device, Inode);

    public static FileStatus FromStatx(in Statx stx) => new()
    {
        Device = Libc.MakeDev(stx.stx_dev_major, stx.stx_dev_minor),
        Inode = stx.stx_ino,
        Mode = stx.stx_mode,
        LinkCount = stx.stx_nlink,
        Uid = stx.stx_uid,
        Gid = stx.stx_gid,
        Size = (long)stx.stx_size,
        Blocks = (long)stx.stx_blocks,
        BlockSize = (int)stx.stx_blksize,
        AccessTime = stx.stx_atime,
        ModifyTime = stx.stx_mtime,
        ChangeTime = stx.stx_ctime,
        BirthTime = stx.stx_btime,
        HasBirthTime = (stx.stx_mask & Libc.STATX_BTIME) != 0,
    };

    /// <summary>statx of the file a descriptor refers to (O_PATH descriptors included).</summary>
    public static unsafe NtStatus Get(SafeFileDescriptor fd, out FileStatus status)
        => Get(fd, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, ErrnoContext.Default, out status);

    /// <summary>statx of a name in a directory, not following a final symbolic link.</summary>
    public static NtStatus GetNoFollow(SafeFileDescriptor dirFd, string name, ErrnoContext context,
        out FileStatus status)
        => Get(dirFd, name, Libc.AT_SYMLINK_NOFOLLOW, context, out status);

    /// <summary>statx with explicit AT_* flags; returns the raw errno through <paramref name="errno"/>.</summary>
    public static unsafe int TryGet(SafeFileDescriptor dirFd, string path, int flags, out FileStatus status)
    {
        Statx stx;
        if (Libc.statx(dirFd, path, flags | Libc.AT_NO_AUTOMOUNT, RequestMask, &stx) != 0)
        {
            status = default;
            return Libc.LastErrno;
        }
        status = FromStatx(stx);
        return 0;
    }

    private static NtStatus Get(SafeFileDescriptor dirFd, string path, int flags, ErrnoContext context,
        out FileStatus status)
    {
        int errno = TryGet(dirFd, path, flags, out status);
        return errno == 0 ? NtStatus.Success : ErrnoMapping.ToNtStatus(errno, context);
    }
}
