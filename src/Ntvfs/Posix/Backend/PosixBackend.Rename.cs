using Ntvfs.Posix.Native;
using Protocol;
using TEvent;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    private readonly record struct RenameDone(string OldDiskPath, string NewDiskPath, string ClientPath, string DiskName);

    /// <summary>
    /// MS-FSA 2.1.5.14.11 FileRenameInformation, with the target a path from the share root
    /// (MS-SMB2 2.2.39; one leading separator is tolerated). An existing target is
    /// STATUS_OBJECT_NAME_COLLISION without ReplaceIfExists; with it, a target that is a directory, is
    /// open, or is READONLY is STATUS_ACCESS_DENIED. A directory with open files below it cannot be
    /// renamed (STATUS_ACCESS_DENIED, as Windows answers). A rename into a directory that another open
    /// holds with DELETE access is STATUS_SHARING_VIOLATION. A rename that only changes case works.
    /// </summary>
    private TeventReq Rename(EventContext ev, PosixHandle handle, string target, bool replaceIfExists)
    {
        if (target.StartsWith(':'))
            return Done(ev, NtStatus.NotSupported); // stream renames: no named streams here
        NtStatus status = SmbPath.TryParse(target, out SmbPath targetPath);
        if (status.IsError)
            return Done(ev, status);
        string oldDiskPath = ShareModes.PathOf(handle.File);
        if (oldDiskPath.Length == 0 || targetPath.IsRoot)
            return Done(ev, NtStatus.AccessDenied);
        if (handle.IsDirectory && ShareModes.HasOpensBelow(handle.Share.Key, oldDiskPath))
            return Done(ev, NtStatus.AccessDenied);
        if (!handle.IsDirectory && targetPath.HasTrailingSeparator)
            return Done(ev, NtStatus.ObjectNameInvalid);
        PosixShare share = handle.Share;
        return PosixJob.SendMapped<RenameDone, bool>(ev, () => DoRename(share, handle, oldDiskPath, targetPath, replaceIfExists),
            onLoop: o =>
            {
                if (o.Status.IsError)
                    return Outcome<bool>.Fail(o.Status);
                ShareModes.Renamed(handle.File, o.Result.OldDiskPath, o.Result.NewDiskPath);
                handle.Rename(o.Result.ClientPath, o.Result.DiskName);
                Notifications.ReportRename(share.Key, o.Result.OldDiskPath, o.Result.NewDiskPath, handle.IsDirectory);
                return new Outcome<bool>(NtStatus.Success, true);
            },
            location: "posix rename");
    }

    private Outcome<RenameDone> DoRename(PosixShare share, PosixHandle handle, string oldDiskPath, SmbPath targetPath, bool replace)
    {
        NtStatus s = NameValidation.ValidateNewName(targetPath.FinalName);
        if (s.IsError)
            return Outcome<RenameDone>.Fail(s);
        s = share.Root.Resolve(oldDiskPath.Replace('/', '\\'), out ResolvedPath? from);
        if (s.IsError)
            return Outcome<RenameDone>.Fail(s);
        using (from)
        {
            s = share.Root.Resolve(targetPath, out ResolvedPath? to);
            if (s.IsError)
                return Outcome<RenameDone>.Fail(s);
            using (to)
            {
                bool sameEntry = to!.Exists && string.Equals(to.Name, from!.Name, StringComparison.Ordinal)
                    && to.ParentRelativePath == from.ParentRelativePath;
                if (!sameEntry && ShareModes.HasDirectoryOpenWithDelete(share.Key, to.ParentRelativePath))
                    return Outcome<RenameDone>.Fail(NtStatus.SharingViolation);
                if (to.Exists && !sameEntry)
                {
                    if (!replace)
                        return Outcome<RenameDone>.Fail(NtStatus.ObjectNameCollision);
                    s = CheckReplaceable(share, to);
                    if (s.IsError)
                        return Outcome<RenameDone>.Fail(s);
                }
                s = share.Root.Rename(from!, to, replace);
                if (s.IsError)
                    return Outcome<RenameDone>.Fail(s);
                string newName = sameEntry || !to.Exists ? targetPath.FinalName : to.Name;
                string parent = to.ParentRelativePath;
                string newDiskPath = parent.Length == 0 ? newName : parent + "/" + newName;
                string clientPath = newDiskPath.Replace('/', '\\');
                return new Outcome<RenameDone>(NtStatus.Success, new RenameDone(oldDiskPath, newDiskPath, clientPath, newName));
            }
        }
    }

    /// <summary>MS-FSA 2.1.5.14.11: what an existing target must be to be replaced (by a rename or a link).</summary>
    private NtStatus CheckReplaceable(PosixShare share, ResolvedPath target)
    {
        FileStatus st = target.Status;
        if (st.IsDirectory)
            return NtStatus.AccessDenied;
        if (ShareModes.IsOpen(st.FileId))
            return NtStatus.AccessDenied;
        if (st.IsSymbolicLink)
            return NtStatus.Success;
        NtStatus s = share.Root.Open(target, Libc.O_PATH | Libc.O_NOFOLLOW, 0, out SafeFileDescriptor? fd);
        if (s.IsError)
            return s;
        using (fd)
        {
            s = share.Dos.Load(fd!, st, target.Name, out DosInfo dos);
            if (s.IsError)
                return s;
            return PosixMetadata.IsReadOnly(dos) ? NtStatus.AccessDenied : NtStatus.Success;
        }
    }

    /// <summary>
    /// MS-FSA 2.1.5.14.6 FileLinkInformation: a new hard link to this file at a path from the share
    /// root. Directories cannot be linked (STATUS_FILE_IS_A_DIRECTORY); an existing target is
    /// STATUS_OBJECT_NAME_COLLISION unless ReplaceIfExists, and then must be replaceable.
    /// </summary>
    private TeventReq Link(EventContext ev, PosixHandle handle, string target, bool replaceIfExists)
    {
        if (handle.IsDirectory)
            return Done(ev, NtStatus.FileIsADirectory);
        if (handle.Share.ReadOnly)
            return Done(ev, NtStatus.AccessDenied);
        NtStatus status = SmbPath.TryParse(target, out SmbPath targetPath);
        if (status.IsError)
            return Done(ev, status);
        if (targetPath.IsRoot || targetPath.HasTrailingSeparator)
            return Done(ev, NtStatus.ObjectNameInvalid);
        PosixShare share = handle.Share;
        return PosixJob.Send(ev, () =>
        {
            NtStatus s = NameValidation.ValidateNewName(targetPath.FinalName);
            if (s.IsError)
                return Outcome<bool>.Fail(s);
            s = share.Root.Resolve(targetPath, out ResolvedPath? to);
            if (s.IsError)
                return Outcome<bool>.Fail(s);
            using (to)
            {
                if (to!.Exists)
                {
                    if (!replaceIfExists)
                        return Outcome<bool>.Fail(NtStatus.ObjectNameCollision);
                    s = CheckReplaceable(share, to);
                    if (s.IsError)
                        return Outcome<bool>.Fail(s);
                    s = share.Root.Remove(to, isDirectory: false);
                    if (s.IsError)
                        return Outcome<bool>.Fail(s);
                }
                int r;
                using (var proc = new ProcFdPath(handle.Fd))
                    r = Libc.linkat(SafeFileDescriptor.CurrentDirectory, proc.Path, to.Parent, to.Name, Libc.AT_SYMLINK_FOLLOW);
                if (r != 0)
                    return Outcome<bool>.Fail(ErrnoMapping.ToNtStatus(Libc.LastErrno));
                share.Root.NoteCreated(to);
                return new Outcome<bool>(NtStatus.Success, true);
            }
        }, location: "posix link");
    }
}
