using Protocol;
using Protocol.Fscc;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// The change-notify watches of one backend, by share, so that a change made through the backend
/// (create, delete, rename, set info, write, truncation, overwrite, from any session and any loop) is reported to every watch
/// it concerns at once, without waiting for inotify (Samba's notify_trigger from its own
/// operations). inotify still reports changes made outside SMB; <see cref="NotifyWatch"/> drops
/// the inotify echo of a change it was told about here.
/// </summary>
/// <remarks>
/// Thread-safe: watches register and leave on their loops, triggers come from any loop; each
/// watch is handed its events through <see cref="NotifyWatch.PostDirect"/>, which posts to the
/// watch's loop. Paths are disk paths relative to the share root, '/' separated ("" is the root),
/// as <see cref="ShareModeTable"/> keeps them; reported names are relative to the watched
/// directory, '\' separated (MS-FSCC 2.7.1).
/// </remarks>
internal sealed class NotifyRegistry
{
    private readonly object _lock = new();
    private readonly Dictionary<string, List<NotifyWatch>> _byShare = new(StringComparer.Ordinal);
    private volatile int _count;

    /// <summary>
    /// No watch on any share: a hot operation (WRITE) reads this, without the lock, before it
    /// builds anything to report. A watch added meanwhile on another loop may miss that change,
    /// as it would if it had come a moment later; inotify still reports it.
    /// </summary>
    public bool IsEmpty => _count == 0;

    public void Add(string shareKey, NotifyWatch watch)
    {
        lock (_lock)
        {
            if (!_byShare.TryGetValue(shareKey, out List<NotifyWatch>? list))
                _byShare[shareKey] = list = new List<NotifyWatch>();
            list.Add(watch);
            _count++;
        }
    }

    public void Remove(string shareKey, NotifyWatch watch)
    {
        lock (_lock)
        {
            if (!_byShare.TryGetValue(shareKey, out List<NotifyWatch>? list) || !list.Remove(watch))
                return;
            _count--;
            if (list.Count == 0)
                _byShare.Remove(shareKey);
        }
    }

    private NotifyWatch[] WatchesOf(string shareKey)
    {
        if (_count == 0)
            return [];
        lock (_lock)
            return _byShare.TryGetValue(shareKey, out List<NotifyWatch>? list) ? list.ToArray() : [];
    }

    /// <summary>One change to <paramref name="diskPath"/> (ADDED, REMOVED or MODIFIED with its filter bits).</summary>
    public void Report(string shareKey, string diskPath, FileAction action, CompletionFilter filter)
    {
        foreach (NotifyWatch watch in WatchesOf(shareKey))
        {
            if (RelativeName(watch.DirectoryPath, watch.WatchTree, diskPath) is { } name)
                watch.PostDirect([new NotifyEvent(action, filter, name)]);
        }
    }

    /// <summary>
    /// A rename: RENAMED_OLD_NAME and RENAMED_NEW_NAME where both names are in one directory a watch
    /// sees; REMOVED and ADDED where they are in different directories (a tree watch, MS-FSA
    /// 2.1.5.14.11) or where the watch sees only one of them.
    /// </summary>
    public void ReportRename(string shareKey, string oldDiskPath, string newDiskPath, bool isDirectory)
    {
        CompletionFilter filter = isDirectory ? CompletionFilter.DirName : CompletionFilter.FileName;
        foreach (NotifyWatch watch in WatchesOf(shareKey))
        {
            string directory = watch.DirectoryPath;
            string? oldName = RelativeName(directory, watch.WatchTree, oldDiskPath);
            string? newName = RelativeName(directory, watch.WatchTree, newDiskPath);
            if (oldName is null && newName is null)
                continue;
            var events = new List<NotifyEvent>(2);
            bool sameDirectory = ParentOf(oldDiskPath) == ParentOf(newDiskPath);
            if (oldName is not null)
                events.Add(new NotifyEvent(sameDirectory && newName is not null ? FileAction.RenamedOldName : FileAction.Removed, filter, oldName));
            if (newName is not null)
                events.Add(new NotifyEvent(sameDirectory && oldName is not null ? FileAction.RenamedNewName : FileAction.Added, filter, newName));
            watch.PostDirect(events);
        }
    }

    /// <summary>
    /// The directory <paramref name="file"/> became delete-pending (its delete-on-close open closed
    /// while others stay): CHANGE_NOTIFY requests waiting on it end with STATUS_DELETE_PENDING, as
    /// Windows and Samba answer (smbtorture smb2.notify.rmdir1-4).
    /// </summary>
    public void ReportDeletePending(string shareKey, SharedFile file)
    {
        foreach (NotifyWatch watch in WatchesOf(shareKey))
        {
            if (ReferenceEquals(watch.File, file))
                watch.PostEnd(NtStatus.DeletePending);
        }
    }

    /// <summary>
    /// The name of <paramref name="diskPath"/> as a watch of <paramref name="directory"/> reports it,
    /// or null when the watch does not see it (elsewhere, deeper without WATCH_TREE, the directory itself).
    /// </summary>
    public static string? RelativeName(string directory, bool tree, string diskPath)
    {
        string rest;
        if (directory.Length == 0)
            rest = diskPath;
        else if (diskPath.Length > directory.Length + 1 && diskPath[directory.Length] == '/'
                 && diskPath.StartsWith(directory, StringComparison.Ordinal))
            rest = diskPath[(directory.Length + 1)..];
        else
            return null;
        if (rest.Length == 0)
            return null;
        if (rest.Contains('/'))
            return tree ? rest.Replace('/', '\\') : null;
        return rest;
    }

    private static string ParentOf(string diskPath)
    {
        int slash = diskPath.LastIndexOf('/');
        return slash < 0 ? "" : diskPath[..slash];
    }
}
