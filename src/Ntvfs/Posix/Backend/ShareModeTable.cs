using Protocol;
using Protocol.Security;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// The process-wide table of open files (MS-FSA File.OpenList), keyed by <see cref="FileId"/>
/// (st_dev, st_ino): the share-mode check of MS-FSA 2.1.5.1.2.2, delete-pending state, and the
/// current path of each open file (for "a directory with open files below it cannot be renamed").
/// </summary>
/// <remarks>
/// Thread-safe: opens of one file arrive from different loops and from thread jobs. Every method
/// takes one lock for a short, allocation-light critical section and never calls out while holding it.
/// A file's entry exists while it has opens, and for as long as its delete-on-close unlink is in
/// progress (<see cref="SharedFile.Deleting"/>), so that an open racing the unlink gets
/// STATUS_DELETE_PENDING instead of opening a file about to vanish.
/// </remarks>
public sealed partial class ShareModeTable
{
    private readonly object _lock = new();
    private readonly Dictionary<FileId, SharedFile> _files = new();

    /// <summary>The table every backend uses unless given its own.</summary>
    public static ShareModeTable Shared { get; } = new();

    /// <summary>Files with at least one open (or a pending delete-on-close).</summary>
    public int FileCount
    {
        get { lock (_lock) return _files.Count; }
    }

    /// <summary>
    /// Adds an open after the MS-FSA 2.1.5.1.2.2 sharing check. <paramref name="shareKey"/> names the
    /// share root (its local path) and <paramref name="path"/> is the share-relative on-disk path.
    /// STATUS_DELETE_PENDING if the file is being deleted; STATUS_SHARING_VIOLATION on a conflict.
    /// No oplock is granted and none is broken (see the overload with an <see cref="OplockRequest"/>).
    /// </summary>
    public NtStatus TryOpen(FileId id, string shareKey, string path, bool isDirectory, AccessMask granted,
        Smb2ShareAccess shareAccess, out ShareModeOpen? open)
        => TryOpen(id, shareKey, path, isDirectory, granted, shareAccess, default, out open);

    /// <summary>
    /// <see cref="TryOpen(FileId, string, string, bool, AccessMask, Smb2ShareAccess, out ShareModeOpen?)"/>
    /// with oplocks (MS-FSA 2.1.5.1.2, 2.1.4.12): when the open needs an exclusive or batch oplock of
    /// another open broken first, the break is started, <see cref="OplockRequest.Waiter"/> is
    /// registered to be woken when it ends, and the answer is STATUS_PENDING: nothing was added, and
    /// the caller tries the whole open again once woken. Otherwise the open is added with the oplock
    /// level it is granted in <see cref="ShareModeOpen.Oplock"/>.
    /// </summary>
    public NtStatus TryOpen(FileId id, string shareKey, string path, bool isDirectory, AccessMask granted,
        Smb2ShareAccess shareAccess, in OplockRequest oplock, out ShareModeOpen? open)
    {
        open = null;
        List<BreakNotice>? notices = null;
        NtStatus status;
        lock (_lock)
        {
            status = TryOpenLocked(id, shareKey, path, isDirectory, granted, shareAccess, oplock, ref notices, out open);
        }
        Send(notices);
        return status;
    }

    private NtStatus TryOpenLocked(FileId id, string shareKey, string path, bool isDirectory, AccessMask granted,
        Smb2ShareAccess shareAccess, in OplockRequest oplock, ref List<BreakNotice>? notices, out ShareModeOpen? open)
    {
        open = null;
        // An attributes-only open that overwrites the file is no stat open: it breaks, and gets, oplocks
        // like any writer (smbtorture smb2.oplock.exclusive5, batch13).
        bool statOpen = IsStatOpen(granted) && !oplock.Overwrite;
        if (_files.TryGetValue(id, out SharedFile? file))
        {
            if (file.DeletePending || file.Deleting)
                return NtStatus.DeletePending;
            bool conflict = false;
            if ((granted & AccessRights.DataAccess) != 0)
            {
                foreach (ShareModeOpen existing in file.Opens)
                {
                    if (Conflicts(existing, granted, shareAccess))
                    {
                        conflict = true;
                        break;
                    }
                }
            }
            if (oplock.Waiter is { } waiter && file.OplockCount > 0)
            {
                // MS-FSA 2.1.5.1.2.2: a sharing violation first breaks a batch oplock (its holder may
                // only be keeping the handle open for caching, and close it); an exclusive oplock is not
                // broken by a conflict (smbtorture smb2.oplock.exclusive1). Without a conflict, an open
                // that needs the data (not a stat open) or replaces it breaks exclusive and batch oplocks
                // (MS-FSA 2.1.4.12, Operation OPEN).
                bool mustWait = conflict
                    ? BreakExclusive(file, batchOnly: true, Smb2OplockLevel.II, oplock.Level2Allowed, ref notices)
                    : !statOpen
                        && BreakExclusive(file, batchOnly: false, oplock.Overwrite ? Smb2OplockLevel.None : Smb2OplockLevel.II,
                            oplock.Level2Allowed, ref notices);
                if (mustWait)
                {
                    waiter.File = file;
                    file.BreakWaiters.Add(waiter);
                    return NtStatus.Pending;
                }
            }
            if (conflict)
                return NtStatus.SharingViolation;
            // MS-FSA 2.1.4.12: an open that overwrites or supersedes the data ends level II caching.
            if (oplock.Overwrite && file.OplockCount > 0)
                BreakLevelIILocked(file, ref notices);
        }
        else
        {
            file = new SharedFile(id, shareKey, path, isDirectory);
            _files.Add(id, file);
        }
        open = new ShareModeOpen(file, granted, shareAccess)
        {
            IsStatOpen = statOpen,
            Holder = oplock.HolderEv,
        };
        open.Oplock = Grant(file, open, isDirectory, oplock);
        if (open.Oplock != Smb2OplockLevel.None)
            file.OplockCount++;
        file.Opens.Add(open);
        return NtStatus.Success;
    }

    /// <summary>MS-FSA 2.1.5.1.2.2: does a new open with these rights conflict with an existing one?</summary>
    private static bool Conflicts(ShareModeOpen existing, AccessMask granted, Smb2ShareAccess shareAccess)
    {
        const AccessMask read = AccessMask.FileReadData | AccessMask.FileExecute;
        const AccessMask write = AccessMask.FileWriteData | AccessMask.FileAppendData;
        AccessMask had = existing.GrantedAccess;
        if ((had & AccessRights.DataAccess) == 0)
            return false;
        Smb2ShareAccess theirs = existing.ShareAccess;
        return ((theirs & Smb2ShareAccess.Read) == 0 && (granted & read) != 0)
            || ((theirs & Smb2ShareAccess.Write) == 0 && (granted & write) != 0)
            || ((theirs & Smb2ShareAccess.Delete) == 0 && (granted & AccessMask.Delete) != 0)
            || ((shareAccess & Smb2ShareAccess.Read) == 0 && (had & read) != 0)
            || ((shareAccess & Smb2ShareAccess.Write) == 0 && (had & write) != 0)
            || ((shareAccess & Smb2ShareAccess.Delete) == 0 && (had & AccessMask.Delete) != 0);
    }

    /// <summary>
    /// Removes an open. When it was the last one and the file is delete-pending (or this open was
    /// delete-on-close), returns true with the path to unlink; the entry stays, marked
    /// <see cref="SharedFile.Deleting"/>, until <see cref="FinishDelete"/>.
    /// </summary>
    public bool Close(ShareModeOpen open, bool deleteOnClose, out string shareKey, out string path)
    {
        List<OplockBreakWaiter>? woken;
        bool result;
        lock (_lock)
        {
            result = CloseLocked(open, deleteOnClose, out shareKey, out path, out woken);
        }
        Wake(woken);
        return result;
    }

    private bool CloseLocked(ShareModeOpen open, bool deleteOnClose, out string shareKey, out string path,
        out List<OplockBreakWaiter>? woken)
    {
        SharedFile file = open.File;
        shareKey = file.ShareKey;
        path = file.Path;
        bool removed = file.Opens.Remove(open);
        // MS-SMB2 3.3.4.6 / MS-FSA 2.1.5.4: closing the holder ends its oplock, and any break
        // being waited for; the waiters try their opens again.
        woken = removed ? ReleaseOplock(open) : null;
        if (deleteOnClose)
            file.DeletePending = true;
        if (file.Opens.Count > 0)
            return false;
        if (file.DeletePending && !file.Unlinked)
        {
            file.Deleting = true;
            return true;
        }
        _files.Remove(file.Id);
        return false;
    }

    /// <summary>Ends a delete-on-close started by <see cref="Close"/>.</summary>
    public void FinishDelete(SharedFile file)
    {
        lock (_lock)
        {
            if (_files.TryGetValue(file.Id, out SharedFile? current) && ReferenceEquals(current, file))
                _files.Remove(file.Id);
        }
    }

    /// <summary>Sets or clears the delete-pending flag (SET_INFO FileDispositionInformation).</summary>
    public void SetDeletePending(SharedFile file, bool value)
    {
        lock (_lock) file.DeletePending = value;
    }

    public bool IsDeletePending(SharedFile file)
    {
        lock (_lock) return file.DeletePending;
    }

    /// <summary>The file was unlinked while open (POSIX-semantics delete): nothing to unlink at close.</summary>
    public void MarkUnlinked(SharedFile file)
    {
        lock (_lock)
        {
            file.Unlinked = true;
            file.DeletePending = true;
        }
    }

    /// <summary>Whether any open exists on the file.</summary>
    public bool IsOpen(FileId id)
    {
        lock (_lock) return _files.ContainsKey(id);
    }

    /// <summary>
    /// Whether a file below the directory <paramref name="directoryPath"/> (share-relative on-disk
    /// path) of the share <paramref name="shareKey"/> is open.
    /// </summary>
    public bool HasOpensBelow(string shareKey, string directoryPath)
    {
        string prefix = directoryPath.Length == 0 ? "" : directoryPath + "/";
        lock (_lock)
        {
            foreach (SharedFile f in _files.Values)
            {
                if (f.Opens.Count > 0 && f.ShareKey == shareKey && f.Path.Length > prefix.Length
                    && f.Path.StartsWith(prefix, StringComparison.Ordinal))
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether the directory <paramref name="directoryPath"/> of the share <paramref name="shareKey"/>
    /// has an open that was granted DELETE. A rename into that directory then fails with
    /// STATUS_SHARING_VIOLATION: Windows performs it by opening the target's parent for FILE_ADD_FILE
    /// without FILE_SHARE_DELETE, which such an open does not admit (smbtorture smb2.oplock.exclusive6,
    /// batch19; smbd answers the same).
    /// </summary>
    public bool HasDirectoryOpenWithDelete(string shareKey, string directoryPath)
    {
        lock (_lock)
        {
            foreach (SharedFile f in _files.Values)
            {
                if (!f.IsDirectory || f.ShareKey != shareKey || !string.Equals(f.Path, directoryPath, StringComparison.Ordinal))
                    continue;
                foreach (ShareModeOpen open in f.Opens)
                    if ((open.GrantedAccess & AccessMask.Delete) != 0)
                        return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Records a rename: the file itself gets <paramref name="newPath"/>, and open files below a
    /// renamed directory get their prefix replaced.
    /// </summary>
    public void Renamed(SharedFile file, string oldPath, string newPath)
    {
        lock (_lock)
        {
            file.Path = newPath;
            if (!file.IsDirectory)
                return;
            string oldPrefix = oldPath + "/";
            foreach (SharedFile f in _files.Values)
            {
                if (f.ShareKey == file.ShareKey && f.Path.StartsWith(oldPrefix, StringComparison.Ordinal))
                    f.Path = newPath + "/" + f.Path[oldPrefix.Length..];
            }
        }
    }

    /// <summary>The current share-relative path of an open file.</summary>
    public string PathOf(SharedFile file)
    {
        lock (_lock) return file.Path;
    }
}

/// <summary>One open file in a <see cref="ShareModeTable"/> (MS-FSA File). Fields are guarded by the table's lock.</summary>
public sealed class SharedFile
{
    internal SharedFile(FileId id, string shareKey, string path, bool isDirectory)
    {
        Id = id;
        ShareKey = shareKey;
        Path = path;
        IsDirectory = isDirectory;
    }

    public FileId Id { get; }
    internal string ShareKey { get; }
    internal string Path { get; set; }
    internal bool IsDirectory { get; }
    internal List<ShareModeOpen> Opens { get; } = new(2);
    /// <summary>Opens holding an oplock (any level): operations that break level II skip the lock when 0.</summary>
    internal int OplockCount;
    /// <summary>Opens waiting for an oplock break of this file to end (MS-SMB2 3.3.4.6).</summary>
    internal List<OplockBreakWaiter> BreakWaiters { get; } = new();
    internal bool DeletePending { get; set; }
    internal bool Deleting { get; set; }
    internal bool Unlinked { get; set; }

    /// <summary>
    /// Held by a thread job around its pwrite of this file's data, so writes run one at a time.
    /// Linux file systems take the inode lock for a buffered write anyway; concurrent writers only
    /// spun on it in the kernel (rwsem_spin_on_owner, 18 % of the server's CPU in a 1 GiB put with
    /// three writes in flight), where a writer waiting here sleeps. Not guarded by the table's lock.
    /// </summary>
    internal object DataWriteGate { get; } = new();
}

/// <summary>One open of a <see cref="SharedFile"/>: what it was granted and what it shares.</summary>
public sealed class ShareModeOpen
{
    internal ShareModeOpen(SharedFile file, AccessMask grantedAccess, Smb2ShareAccess shareAccess)
    {
        File = file;
        GrantedAccess = grantedAccess;
        ShareAccess = shareAccess;
    }

    public SharedFile File { get; }
    public AccessMask GrantedAccess { get; }
    public Smb2ShareAccess ShareAccess { get; }

    /// <summary>Opened for attributes only (no data access): such an open breaks and gets no oplock.</summary>
    internal bool IsStatOpen { get; init; }

    /// <summary>The oplock level held (MS-SMB2 Open.OplockLevel). Guarded by the table's lock.</summary>
    public Smb2OplockLevel Oplock { get; internal set; }

    /// <summary>MS-SMB2 Open.OplockState Breaking: a break to <see cref="BreakingTo"/> awaits the holder's acknowledgment.</summary>
    public bool Breaking { get; internal set; }

    /// <summary>The level offered in the break notification being acknowledged.</summary>
    internal Smb2OplockLevel BreakingTo { get; set; }

    /// <summary>The loop of the connection that holds this open: break notifications are posted there.</summary>
    internal EventContext? Holder { get; init; }

    /// <summary>The backend handle of the open, once made (breaks decided before that wait for it).</summary>
    internal PosixHandle? Handle { get; set; }

    /// <summary>A break decided before <see cref="Handle"/> existed, delivered when it is attached.</summary>
    internal Smb2OplockLevel? UndeliveredBreak { get; set; }
}
