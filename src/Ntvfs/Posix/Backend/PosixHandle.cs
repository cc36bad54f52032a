using Protocol.Fsctl;
using Ntvfs.Posix.Native;
using Protocol.Fscc;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// An open of the posix backend: the descriptor, the file's identity and share-mode entry, and the
/// per-open state MS-FSA keeps on an Open (position, mode, delete-on-close, directory cursor,
/// change-notify buffer, pending byte-range locks).
/// </summary>
/// <remarks>
/// Touched on the loop of the connection that opened it. Thread jobs use only <see cref="Fd"/>
/// (a <see cref="SafeFileDescriptor"/>, safe against a racing close) and the thread-safe tables;
/// the directory cursor has its own lock because two QUERY_DIRECTORY requests may be in flight.
/// The descriptor is O_RDONLY/O_WRONLY/O_RDWR as the granted access needs, or O_PATH for an open
/// that may touch attributes only.
/// </remarks>
public sealed class PosixHandle : NtvfsHandle
{
    internal PosixHandle(NtvfsTree tree, PosixShare share, string path, bool isDirectory, uint grantedAccess,
        SafeFileDescriptor fd, FileId fileId, ShareModeOpen shareOpen, FileModeFlags mode, string diskName)
        : base(tree, path, isDirectory, grantedAccess)
    {
        Share = share;
        Fd = fd;
        FileId = fileId;
        ShareOpen = shareOpen;
        Mode = mode;
        DiskName = diskName;
    }

    internal PosixShare Share { get; }

    internal SafeFileDescriptor Fd { get; }

    public FileId FileId { get; }

    internal ShareModeOpen ShareOpen { get; }

    internal SharedFile File => ShareOpen.File;

    /// <summary>The last component as it is on disk ("." for the share root), for `hide dot files`.</summary>
    internal string DiskName { get; set; }

    /// <summary>MS-FSCC FilePositionInformation.CurrentByteOffset of this open.</summary>
    internal long Position { get; set; }

    /// <summary>MS-FSCC FileModeInformation of this open (FILE_DELETE_ON_CLOSE included when set at create).</summary>
    internal FileModeFlags Mode { get; set; }

    /// <summary>FILE_DELETE_ON_CLOSE: closing this open makes the file delete-pending.</summary>
    internal bool DeleteOnClose
    {
        get => (Mode & FileModeFlags.DeleteOnClose) != 0;
        set => Mode = value ? Mode | FileModeFlags.DeleteOnClose : Mode & ~FileModeFlags.DeleteOnClose;
    }

    /// <summary>
    /// MS-FSA 2.1.5.14.2 FileBasicInformation with LastWriteTime -1: writes through this open no
    /// longer move the modification time; the time to put back after each write.
    /// </summary>
    internal Timespec? FrozenLastWrite { get; set; }

    /// <summary>The enumeration cursor of QUERY_DIRECTORY (created by the first query).</summary>
    internal DirectorySearch? Search { get; set; }

    /// <summary>The change-notify watch (created by the first CHANGE_NOTIFY).</summary>
    internal NotifyWatch? Notify { get; set; }

    /// <summary>Blocking LOCK requests of this open waiting for a range.</summary>
    internal List<PendingLockRequest> PendingLocks { get; } = new();

    /// <summary>FSCTL_SRV_REQUEST_RESUME_KEY: the key that names this open as a copy source.</summary>
    internal ResumeKey? ResumeKey { get; set; }

    /// <summary>Delivers an oplock break to the SMB layer; called on this handle's loop.</summary>
    internal void DeliverOplockBreak(Protocol.Smb2.Smb2OplockLevel level) => RaiseOplockBreak(level);

    /// <summary>
    /// The file was renamed through this open: its close reports MODIFIED with
    /// FILE_NOTIFY_CHANGE_ATTRIBUTES, as Windows does when it sets FILE_ATTRIBUTE_ARCHIVE on the
    /// renamed file at cleanup (smbtorture smb2.notify.mask-change waits for it; smb2.notify.rec,
    /// whose renamed handles stay open, must not see it).
    /// </summary>
    internal bool RenamedHere { get; private set; }

    internal void Rename(string clientPath, string diskName)
    {
        RenamedHere = true;
        Path = clientPath;
        DiskName = diskName;
    }
}
