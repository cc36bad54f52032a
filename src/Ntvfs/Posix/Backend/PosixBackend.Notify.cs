using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Security;
using TEvent;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    /// <summary>Changes kept for an open between CHANGE_NOTIFY requests, at least (more if its first request asked for more).</summary>
    public const int MinNotifyBuffer = 4096;

    /// <summary>
    /// SMB2 CHANGE_NOTIFY (MS-SMB2 3.3.5.19): the first request on a directory open starts an
    /// inotify watch (in a thread job: a tree watch walks the tree) with that request's filter and
    /// WATCH_TREE flag; it and later requests complete with the changes buffered since the last
    /// response (FILE_NOTIFY_INFORMATION, MS-FSCC 2.7.1), with STATUS_NOTIFY_ENUM_DIR when they do not
    /// fit, with STATUS_CANCELLED when cancelled and STATUS_NOTIFY_CLEANUP when the open closes.
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
                Math.Max(MinNotifyBuffer, Math.Min(args.OutputBufferLength, MaxInfoOutput)));
            handle.Notify = watch;
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
                return watch.Wait(args.OutputBufferLength);
            }
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
        return watch.Wait(args.OutputBufferLength);
    }

    /// <summary>At close: waiting CHANGE_NOTIFY requests end with STATUS_NOTIFY_CLEANUP; the kernel watches go.</summary>
    private void CloseNotify(PosixHandle handle)
    {
        if (handle.Notify is not { } watch)
            return;
        handle.Notify = null;
        watch.Close();
        InotifyWatcher? watcher;
        lock (_watcherLock)
            watcher = _watcher;
        watcher?.Remove(watch);
    }
}
