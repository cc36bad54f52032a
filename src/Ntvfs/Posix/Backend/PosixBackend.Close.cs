using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Fscc;
using TEvent;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    /// <summary>
    /// SMB2 CLOSE (MS-SMB2 3.3.5.10, MS-FSA 2.1.5.4 cleanup): the open is retired at once on the loop
    /// (later requests on it see STATUS_FILE_CLOSED; its waiting LOCK ends with
    /// STATUS_RANGE_NOT_LOCKED, its waiting CHANGE_NOTIFY with STATUS_NOTIFY_CLEANUP, its locks are
    /// released); a thread job then queries the attributes when asked, performs the delete of a
    /// delete-pending file whose last open this was, and closes the descriptor.
    /// </summary>
    public override TeventReq CloseSend(NtvfsRequest r, NtvfsHandle h, bool postQueryAttributes)
    {
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<NtvfsCloseResult>(r.Ev, status);

        Retire(handle);
        bool delete = ShareModes.Close(handle.ShareOpen, handle.DeleteOnClose, out _, out string diskPath);
        PosixShare share = handle.Share;
        // MS-FSA 2.1.5.4: a directory whose delete-on-close open closed while others stay open is
        // delete-pending; CHANGE_NOTIFY requests waiting on it end now.
        if (!delete && handle.IsDirectory && ShareModes.IsDeletePending(handle.File))
            Notifications.ReportDeletePending(share.Key, handle.File);
        if (!delete && !handle.IsDirectory && handle.RenamedHere)
            ReportChange(share, diskPath, FileAction.Modified, CompletionFilter.Attributes);
        if (!postQueryAttributes && !delete)
        {
            // Nothing left to do on disk but close(2): no thread job of its own (see DeferredClose).
            DeferredCloses.Add(r.Ev, handle.Fd);
            Finished(handle);
            return NtvfsOp.Post(r.Ev, NtStatus.Success, new NtvfsCloseResult(false, default));
        }
        bool removed = false;
        Microsoft.Extensions.Logging.ILogger logger = r.Ev.Logger;
        return PosixJob.SendMapped<NtvfsCloseResult, NtvfsCloseResult>(r.Ev, () =>
        {
            var result = new NtvfsCloseResult(false, default);
            if (postQueryAttributes)
            {
                // MS-SMB2 3.3.5.10: the attributes as they are at close (before a pending delete).
                if (PosixMetadata.Load(share, handle.Fd, handle.DiskName, false, out _, out _, out FileMetadata m).IsSuccess)
                    result = new NtvfsCloseResult(true, m);
            }
            if (delete)
            {
                NtStatus deleted = DeleteAtClose(share, diskPath, handle.FileId, handle.IsDirectory);
                removed = deleted.IsSuccess;
                // A directory that filled up meanwhile just stays (MS-FSA: nobody is left to tell).
                if (deleted.IsError && deleted != NtStatus.DirectoryNotEmpty)
                    PosixBackendLog.DeleteOnCloseFailed(logger, share.Options.ShareName, diskPath, deleted);
                ShareModes.FinishDelete(handle.File);
            }
            handle.Fd.Dispose();
            return new Outcome<NtvfsCloseResult>(NtStatus.Success, result);
        },
        onLoop: o =>
        {
            Finished(handle);
            if (removed)
                ReportChange(share, diskPath, FileAction.Removed, NameFilter(handle.IsDirectory));
            return o;
        },
        abandon: _ => Finished(handle),
        location: "posix close",
        cancellable: false);
    }

    /// <summary>The loop-side part of a close: the handle stops being usable and lets go of everything shared.</summary>
    private void Retire(PosixHandle handle)
    {
        handle.IsClosed = true;
        handle.Share.Handles.Remove(handle);
        ReleaseLocks(handle);
        CloseNotify(handle);
        ForgetResumeKey(handle);
    }

    private void Finished(PosixHandle handle)
    {
        Interlocked.Decrement(ref _openHandles);
        ReleaseOpen(handle.Tree.Session.SessionId);
    }

    /// <summary>
    /// Unlinks the last name of a delete-pending file. The name is resolved again and must still be
    /// the file that was open (a local process may have replaced it); a symbolic link through which
    /// the file was opened is what gets removed. A directory that is not empty stays: MS-FSA reports
    /// that when the disposition is set, and at close there is no one left to tell.
    /// </summary>
    private static NtStatus DeleteAtClose(PosixShare share, string diskPath, FileId id, bool isDirectory)
    {
        if (diskPath.Length == 0)
            return NtStatus.Success; // the share root is never deleted
        NtStatus status = share.Root.Resolve(diskPath.Replace('/', '\\'), out ResolvedPath? resolved);
        if (status.IsError)
            return status;
        using (resolved)
        {
            if (!resolved!.Exists)
                return NtStatus.Success; // someone else removed it: the wish is fulfilled
            FileStatus st = resolved.Status;
            bool link = st.IsSymbolicLink;
            if (!link && (st.Device != id.Device || st.Inode != id.Inode))
                return NtStatus.Success; // replaced by another file under the same name: not ours to delete
            return share.Root.Remove(resolved, isDirectory && !link);
        }
    }

    /// <summary>
    /// Releases a handle whose create result nobody collected (the request ended first): the same as
    /// a close, without delete-on-close or counters (it was never counted).
    /// </summary>
    private void ReleaseUnregistered(PosixHandle handle)
    {
        handle.IsClosed = true;
        ShareModes.Close(handle.ShareOpen, false, out _, out _);
        handle.Fd.Dispose();
    }

    /// <summary>A handle still open at tree disconnect: released without its delete-on-close.</summary>
    private void Abandon(PosixHandle handle)
    {
        Retire(handle);
        if (ShareModes.Close(handle.ShareOpen, false, out _, out _))
            ShareModes.FinishDelete(handle.File);
        handle.Fd.Dispose();
        Finished(handle);
    }
}
