using Protocol;
using Protocol.Security;
using Protocol.Smb2;

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
public sealed class ShareModeTable
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
    /// </summary>
    public NtStatus TryOpen(FileId id, string shareKey, string path, bool isDirectory, AccessMask granted,
        Smb2ShareAccess shareAccess, out ShareModeOpen? open)
    {
        open = null;
        lock (_lock)
        {
            if (_files.TryGetValue(id, out SharedFile? file))
            {
                if (file.DeletePending || file.Deleting)
                    return NtStatus.DeletePending;
                if ((granted & AccessRights.DataAccess) != 0)
                {
                    foreach (ShareModeOpen existing in file.Opens)
                    {
                        if (Conflicts(existing, granted, shareAccess))
                            return NtStatus.SharingViolation;
                    }
                }
            }
            else
            {
                file = new SharedFile(id, shareKey, path, isDirectory);
                _files.Add(id, file);
            }
            open = new ShareModeOpen(file, granted, shareAccess);
            file.Opens.Add(open);
            return NtStatus.Success;
        }
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
        lock (_lock)
        {
            SharedFile file = open.File;
            shareKey = file.ShareKey;
            path = file.Path;
            file.Opens.Remove(open);
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
    internal bool DeletePending { get; set; }
    internal bool Deleting { get; set; }
    internal bool Unlinked { get; set; }
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
}
