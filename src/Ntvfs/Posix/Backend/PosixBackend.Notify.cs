using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Fscc;
using Protocol.Security;
using TEvent;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    /// <summary>The watches of every open share, for the changes this backend makes itself.</summary>
    internal NotifyRegistry Notifications { get; } = new();

    /// <summary>
    /// SMB2 CHANGE_NOTIFY (MS-SMB2 3.3.5.19): the first request on a directory open starts an
    /// inotify watch (in a thread job: a tree watch walks the tree) with that request's filter, WATCH_TREE
    /// flag and buffer size (the most kept between requests, MS-FSA 2.1.5.10), and registers it for the
    /// changes this backend makes itself (<see cref="NotifyRegistry"/>); it and later requests complete
    /// with the changes buffered since the last response (FILE_NOTIFY_INFORMATION, MS-FSCC 2.7.1), with
    /// STATUS_NOTIFY_ENUM_DIR when they do not fit, with STATUS_CANCELLED when cancelled,
    /// STATUS_DELETE_PENDING when the directory is deleted and STATUS_NOTIFY_CLEANUP when the open closes.
    /// </summary>
    public override TeventReq NotifySend(NtvfsRequest r, NtvfsHandle h, NtvfsNotifyArgs args)
    {
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, status);
        if (!handle.IsDirectory)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter);
        if (!AccessRights.Has(handle.GrantedAccess, AccessMask.FileListDirectory))
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.AccessDenied);
        if (args.OutputBufferLength < 0)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter);

        NotifyWatch? watch = handle.Notify;
        if (watch is null)
        {
            watch = new NotifyWatch(this, r.Ev, args.Filter, args.WatchTree, handle.Share.Root.Options.VetoFiles,
                Math.Min(args.OutputBufferLength, MaxInfoOutput), handle);
            handle.Notify = watch;
            Notifications.Add(handle.Share.Key, watch);
            InotifyWatcher watcher = Watcher;
            SafeFileDescriptor fd = handle.Fd;
            NotifyWatch registering = watch;
            Microsoft.Extensions.Logging.ILogger logger = r.Ev.Logger;
            string shareName = handle.Share.Options.ShareName, path = handle.Path;
            if (!args.WatchTree)
            {
                // One directory is two quick system calls (an O_PATH open and inotify_add_watch): done
                // here, so a change the client makes right after its CHANGE_NOTIFY (another message,
                // served concurrently) cannot happen before the watch exists and be missed.
                NtStatus added = watcher.Add(registering, fd);
                if (added.IsError)
                    PosixBackendLog.NotifyWatchFailed(logger, shareName, path, added);
                registering.Registered(added);
            }
            else
            {
                // A tree watch walks every subdirectory: a thread job, so the loop never waits on a deep tree.
                TeventReq subreq = ThreadJob.Send(r.Ev, () => watcher.Add(registering, fd), "posix notify watch");
                subreq.SetCallback(s =>
                {
                    uint code = ThreadJob.Recv(s, out NtStatus added);
                    NtStatus status = code != 0 ? new NtStatus(code) : added;
                    if (status.IsError)
                        PosixBackendLog.NotifyWatchFailed(logger, shareName, path, status);
                    registering.Registered(status);
                });
            }
        }
        // Checked after the watch is registered, while the close that makes the directory
        // delete-pending (on any loop) marks it first and then looks for watches: one of the two
        // sees the other (smbtorture smb2.notify.rmdir4 races them over two connections).
        if (ShareModes.IsDeletePending(handle.File))
            watch.End(NtStatus.DeletePending);
        return watch.Wait(args.OutputBufferLength);
    }

    /// <summary>At close: waiting CHANGE_NOTIFY requests end with STATUS_NOTIFY_CLEANUP; the kernel watches go.</summary>
    private void CloseNotify(PosixHandle handle)
    {
        if (handle.Notify is not { } watch)
            return;
        handle.Notify = null;
        Notifications.Remove(handle.Share.Key, watch);
        watch.Close();
        InotifyWatcher? watcher;
        lock (_watcherLock)
            watcher = _watcher;
        watcher?.Remove(watch);
    }

    /// <summary>A change made through this backend, reported to the watches it concerns (loop of the operation).</summary>
    private void ReportChange(PosixShare share, string diskPath, FileAction action, CompletionFilter filter)
        => Notifications.Report(share.Key, diskPath, action, filter);

    /// <summary>
    /// A data change made through this backend (WRITE, truncation, allocation, overwrite, server-side
    /// copy): MODIFIED with <paramref name="filter"/>, at once, so a watcher does not wait on
    /// inotify's IN_MODIFY (under load it came after smbtorture smb2.notify valid-req and dir
    /// checked their answer). A WRITE is hot: with no watch anywhere this is one volatile read, and
    /// the file's path is looked up only when some watch exists. Loop of the operation.
    /// </summary>
    private void ReportDataChange(PosixHandle handle, CompletionFilter filter = NotifyMapping.ModifyFilter)
    {
        if (Notifications.IsEmpty)
            return;
        Notifications.Report(handle.Share.Key, ShareModes.PathOf(handle.File), FileAction.Modified, filter);
    }

    /// <summary>The FILE_NOTIFY_CHANGE_* bit of a name change: directory or file name.</summary>
    private static CompletionFilter NameFilter(bool isDirectory) => isDirectory ? CompletionFilter.DirName : CompletionFilter.FileName;
}
