using Ntvfs.Posix.Native;
using Protocol.Fscc;

namespace Ntvfs.Posix.Backend;

/// <summary>One inotify event for one watch, with its name made relative to the watched directory.</summary>
internal readonly record struct RawChange(uint Mask, uint Cookie, string Name);

/// <summary>
/// Turns inotify events into FILE_NOTIFY_INFORMATION actions (MS-FSCC 2.7.1) and the
/// FILE_NOTIFY_CHANGE_* bits (MS-SMB2 2.2.35) each one answers to.
/// </summary>
/// <remarks>
/// Creation, deletion and renames are FILE_NOTIFY_CHANGE_FILE_NAME, or _DIR_NAME for directories.
/// A rename seen from both ends (IN_MOVED_FROM and IN_MOVED_TO with one cookie in the same batch)
/// is RENAMED_OLD_NAME then RENAMED_NEW_NAME; a move out of the watched tree is REMOVED, a move
/// into it ADDED, as Windows reports them. IN_MODIFY is MODIFIED for _SIZE and _LAST_WRITE;
/// IN_ATTRIB (chmod, chown, utimes, and our DOS attribute xattr) is MODIFIED for _ATTRIBUTES,
/// _LAST_WRITE, _LAST_ACCESS, _CREATION, _SECURITY and _EA, since inotify does not say which.
/// </remarks>
internal static class NotifyMapping
{
    /// <summary>
    /// The bits of a data change (IN_MODIFY; a WRITE, truncation or allocation through the backend,
    /// reported directly with these same bits so that <see cref="NotifyWatch"/> sees one change):
    /// MODIFIED for _SIZE and _LAST_WRITE, since a write moves the write time and may move the end of file.
    /// </summary>
    public const CompletionFilter ModifyFilter = CompletionFilter.Size | CompletionFilter.LastWrite;

    private const CompletionFilter AttribFilter = CompletionFilter.Attributes | CompletionFilter.LastWrite
        | CompletionFilter.LastAccess | CompletionFilter.Creation | CompletionFilter.Security | CompletionFilter.Ea;

    public static List<NotifyEvent> Convert(List<RawChange> changes)
    {
        var events = new List<NotifyEvent>(changes.Count);
        for (int i = 0; i < changes.Count; i++)
        {
            RawChange c = changes[i];
            CompletionFilter nameFilter = (c.Mask & Libc.IN_ISDIR) != 0 ? CompletionFilter.DirName : CompletionFilter.FileName;
            if ((c.Mask & Libc.IN_CREATE) != 0)
                events.Add(new NotifyEvent(FileAction.Added, nameFilter, c.Name));
            else if ((c.Mask & Libc.IN_DELETE) != 0)
                events.Add(new NotifyEvent(FileAction.Removed, nameFilter, c.Name));
            else if ((c.Mask & Libc.IN_MOVED_FROM) != 0)
                events.Add(new NotifyEvent(HasPartner(changes, c.Cookie, Libc.IN_MOVED_TO) ? FileAction.RenamedOldName : FileAction.Removed,
                    nameFilter, c.Name));
            else if ((c.Mask & Libc.IN_MOVED_TO) != 0)
                events.Add(new NotifyEvent(HasPartner(changes, c.Cookie, Libc.IN_MOVED_FROM) ? FileAction.RenamedNewName : FileAction.Added,
                    nameFilter, c.Name));
            else if ((c.Mask & Libc.IN_MODIFY) != 0)
                events.Add(new NotifyEvent(FileAction.Modified, ModifyFilter, c.Name));
            else if ((c.Mask & Libc.IN_ATTRIB) != 0)
                events.Add(new NotifyEvent(FileAction.Modified, AttribFilter, c.Name));
        }
        return events;
    }

    public static bool HasPartner(List<RawChange> changes, uint cookie, uint kind)
    {
        if (cookie == 0)
            return false;
        foreach (RawChange c in changes)
        {
            if (c.Cookie == cookie && (c.Mask & kind) != 0)
                return true;
        }
        return false;
    }
}
