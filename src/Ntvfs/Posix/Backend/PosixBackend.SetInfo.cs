using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Fscc;
using Protocol.Security;
using Protocol.Smb2;
using TEvent;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    /// <summary>
    /// SMB2 SET_INFO (MS-SMB2 3.3.5.21, MS-FSA 2.1.5.14): basic information (times and attributes),
    /// rename, hard link, disposition, end of file, allocation, position, mode, and security
    /// descriptors as far as owner, group and mode bits can represent them. Each class checks the
    /// access it needs (STATUS_ACCESS_DENIED); the system calls run in a thread job.
    /// </summary>
    public override TeventReq SetInfoSend(NtvfsRequest r, NtvfsHandle h, NtvfsSetInfoArgs args)
    {
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<bool>(r.Ev, status);
        switch (args.InfoType)
        {
            case Smb2InfoType.File:
                return SetFileInfo(r.Ev, handle, (FileInformationClass)args.InfoClass, args.Buffer);
            case Smb2InfoType.Security:
                return SetSecurity(r.Ev, handle, (SecurityInformation)args.AdditionalInformation, args.Buffer);
            case Smb2InfoType.FileSystem:
                // The label, quota control and object id of the volume are not ours to change.
                return NtvfsOp.Post<bool>(r.Ev, (FileSystemInformationClass)args.InfoClass is FileSystemInformationClass.FileFsLabelInformation
                    or FileSystemInformationClass.FileFsControlInformation or FileSystemInformationClass.FileFsObjectIdInformation
                    ? NtStatus.AccessDenied : NtStatus.InvalidInfoClass);
            case Smb2InfoType.Quota:
                return NtvfsOp.Post<bool>(r.Ev, NtStatus.NotSupported);
            default:
                return NtvfsOp.Post<bool>(r.Ev, NtStatus.InvalidParameter);
        }
    }

    private static TeventReq Done(EventContext ev, NtStatus status) => NtvfsOp.Post(ev, status, status.IsSuccess);

    private TeventReq SetFileInfo(EventContext ev, PosixHandle handle, FileInformationClass infoClass, ReadOnlyMemory<byte> buffer)
    {
        ReadOnlySpan<byte> input = buffer.Span;
        uint granted = handle.GrantedAccess;
        switch (infoClass)
        {
            case FileInformationClass.FileBasicInformation:
                if (!AccessRights.Has(granted, AccessMask.FileWriteAttributes))
                    return Done(ev, NtStatus.AccessDenied);
                if (!FileBasicInformation.TryParse(input, out FileBasicInformation basic, out NtStatus error))
                    return Done(ev, error);
                return SetBasic(ev, handle, basic);
            case FileInformationClass.FileEndOfFileInformation:
                if (!AccessRights.Has(granted, AccessMask.FileWriteData))
                    return Done(ev, NtStatus.AccessDenied);
                if (!FileEndOfFileInformation.TryParse(input, out FileEndOfFileInformation eof, out error))
                    return Done(ev, error);
                return SetSize(ev, handle, eof.EndOfFile, allocation: false);
            case FileInformationClass.FileAllocationInformation:
                if (!AccessRights.Has(granted, AccessMask.FileWriteData))
                    return Done(ev, NtStatus.AccessDenied);
                if (!FileAllocationInformation.TryParse(input, out FileAllocationInformation allocation, out error))
                    return Done(ev, error);
                return SetSize(ev, handle, allocation.AllocationSize, allocation: true);
            case FileInformationClass.FilePositionInformation:
                if (!FilePositionInformation.TryParse(input, out FilePositionInformation position, out error))
                    return Done(ev, error);
                handle.Position = position.CurrentByteOffset;
                return Done(ev, NtStatus.Success);
            case FileInformationClass.FileModeInformation:
                if (!FileModeInformation.TryParse(input, out FileModeInformation mode, out error))
                    return Done(ev, error);
                // MS-FSA 2.1.5.14.8: the synchronous-I/O flags are fixed at create.
                const FileModeFlags sync = FileModeFlags.SynchronousIoAlert | FileModeFlags.SynchronousIoNonalert;
                if ((mode.Mode & sync) != (handle.Mode & sync))
                    return Done(ev, NtStatus.InvalidParameter);
                handle.Mode = mode.Mode | (handle.Mode & FileModeFlags.DeleteOnClose);
                return Done(ev, NtStatus.Success);
            case FileInformationClass.FileDispositionInformation:
                if (!AccessRights.Has(granted, AccessMask.Delete))
                    return Done(ev, NtStatus.AccessDenied);
                if (!FileDispositionInformation.TryParse(input, out FileDispositionInformation disposition, out error))
                    return Done(ev, error);
                return SetDisposition(ev, handle, disposition.DeletePending ? FileDispositionFlags.Delete : FileDispositionFlags.DoNotDelete);
            case FileInformationClass.FileDispositionInformationEx:
                if (!AccessRights.Has(granted, AccessMask.Delete))
                    return Done(ev, NtStatus.AccessDenied);
                if (!FileDispositionInformationEx.TryParse(input, out FileDispositionInformationEx dispositionEx, out error))
                    return Done(ev, error);
                return SetDisposition(ev, handle, dispositionEx.Flags);
            case FileInformationClass.FileRenameInformation:
                if (!AccessRights.Has(granted, AccessMask.Delete))
                    return Done(ev, NtStatus.AccessDenied);
                if (!FileRenameInformation.TryParse(input, out FileRenameInformation rename, out error))
                    return Done(ev, error);
                return Rename(ev, handle, rename.FileName, rename.ReplaceIfExists);
            case FileInformationClass.FileLinkInformation:
                if (!FileLinkInformation.TryParse(input, out FileLinkInformation link, out error))
                    return Done(ev, error);
                return Link(ev, handle, link.FileName, link.ReplaceIfExists);
            case FileInformationClass.FileFullEaInformation:
                return SetEas(ev, handle, input);
            default:
                return Done(ev, NtStatus.InvalidInfoClass);
        }
    }

    /// <summary>
    /// MS-FSA 2.1.5.14.2 FileBasicInformation. Times: 0 leaves a time alone, -1 leaves it and stops
    /// writes through this open from moving it, -2 lets them move it again; a real LastWriteTime is
    /// set and also sticks for this open (writes restore it). Linux cannot set the change time, so a
    /// ChangeTime is accepted and dropped; the creation time goes to the DOS attribute record.
    /// Attributes: 0 leaves them alone; DIRECTORY on a file or TEMPORARY on a directory is
    /// STATUS_INVALID_PARAMETER.
    /// </summary>
    private TeventReq SetBasic(EventContext ev, PosixHandle handle, FileBasicInformation basic)
    {
        FileAttributes attributes = basic.FileAttributes;
        if (!handle.IsDirectory && (attributes & FileAttributes.Directory) != 0)
            return Done(ev, NtStatus.InvalidParameter);
        if (handle.IsDirectory && (attributes & FileAttributes.Temporary) != 0)
            return Done(ev, NtStatus.InvalidParameter);
        PosixShare share = handle.Share;
        return PosixJob.SendMapped<Timespec?, bool>(ev, () => ApplyBasic(share, handle.Fd, basic),
            onLoop: o =>
            {
                if (o.Status.IsError)
                    return Outcome<bool>.Fail(o.Status);
                if (basic.LastWriteTime == FileBasicInformation.TimeResumeUpdates)
                    handle.FrozenLastWrite = null;
                else if (o.Result is { } frozen)
                    handle.FrozenLastWrite = frozen;
                if (BasicChangeFilter(basic) is var changed and not CompletionFilter.None)
                    ReportChange(share, ShareModes.PathOf(handle.File), FileAction.Modified, changed);
                return new Outcome<bool>(NtStatus.Success, true);
            },
            location: "posix set basic");
    }

    /// <summary>
    /// FileFullEaInformation (MS-FSA 2.1.5.14.3): needs FILE_WRITE_EA; the whole list is validated
    /// before any EA is written (STATUS_EA_LIST_INCONSISTENT, STATUS_INVALID_EA_NAME); then each EA is
    /// set, or deleted when its value is empty (<see cref="EaStore"/>).
    /// </summary>
    private TeventReq SetEas(EventContext ev, PosixHandle handle, ReadOnlySpan<byte> input)
    {
        if (!AccessRights.Has(handle.GrantedAccess, AccessMask.FileWriteEa))
            return Done(ev, NtStatus.AccessDenied);
        if (!FileFullEaInformation.TryParseList(input, out List<FileFullEaInformation> eas, out NtStatus error, out _))
            return Done(ev, error);
        PosixShare share = handle.Share;
        SafeFileDescriptor fd = handle.Fd;
        return PosixJob.Send(ev, () =>
            {
                NtStatus s = EaStore.Write(fd, eas);
                return s.IsSuccess ? new Outcome<bool>(NtStatus.Success, true) : Outcome<bool>.Fail(s);
            },
            onLoop: o =>
            {
                if (!o.Status.IsError)
                    ReportChange(share, ShareModes.PathOf(handle.File), FileAction.Modified, CompletionFilter.Ea);
                return o;
            },
            location: "posix set EAs");
    }

    /// <summary>
    /// The FILE_NOTIFY_CHANGE_* bits a FileBasicInformation sets (MS-FSA 2.1.5.14.2): one per time
    /// given, ATTRIBUTES for attributes. The change time is not kept on Linux: no change to report.
    /// </summary>
    internal static CompletionFilter BasicChangeFilter(in FileBasicInformation basic)
    {
        CompletionFilter filter = CompletionFilter.None;
        if (basic.CreationTime > 0)
            filter |= CompletionFilter.Creation;
        if (basic.LastAccessTime > 0)
            filter |= CompletionFilter.LastAccess;
        if (basic.LastWriteTime > 0)
            filter |= CompletionFilter.LastWrite;
        if (basic.FileAttributes != FileBasicInformation.AttributesUnchanged)
            filter |= CompletionFilter.Attributes;
        return filter;
    }

    private static unsafe Outcome<Timespec?> ApplyBasic(PosixShare share, SafeFileDescriptor fd, FileBasicInformation basic)
    {
        bool setAccess = basic.LastAccessTime > 0;
        bool setWrite = basic.LastWriteTime > 0;
        if (setAccess || setWrite)
        {
            Timespec* times = stackalloc Timespec[2];
            times[0] = FileTime.ToUtimensArgument(basic.LastAccessTime);
            times[1] = FileTime.ToUtimensArgument(basic.LastWriteTime);
            using var proc = new ProcFdPath(fd);
            if (Libc.utimensat(SafeFileDescriptor.CurrentDirectory, proc.Path, times, 0) != 0)
                return Outcome<Timespec?>.Fail(ErrnoMapping.ToNtStatus(Libc.LastErrno));
        }
        FileAttributes attributes = basic.FileAttributes;
        long? creation = basic.CreationTime > 0 ? basic.CreationTime : null;
        if (attributes != FileBasicInformation.AttributesUnchanged || creation is not null)
        {
            NtStatus s = FileStatus.Get(fd, out FileStatus st);
            if (s.IsError)
                return Outcome<Timespec?>.Fail(s);
            System.IO.FileAttributes? stored = attributes == FileBasicInformation.AttributesUnchanged
                ? null : PosixMetadata.ToIo(attributes);
            s = share.Dos.Store(fd, st, stored, creation);
            if (s.IsError)
                return Outcome<Timespec?>.Fail(s);
        }
        Timespec? frozen = null;
        if (setWrite)
            frozen = FileTime.ToTimespec(basic.LastWriteTime);
        else if (basic.LastWriteTime == FileBasicInformation.TimeSuspendUpdates)
        {
            NtStatus s = FileStatus.Get(fd, out FileStatus st);
            if (s.IsError)
                return Outcome<Timespec?>.Fail(s);
            frozen = new Timespec(st.ModifyTime.tv_sec, st.ModifyTime.tv_nsec);
        }
        return new Outcome<Timespec?>(NtStatus.Success, frozen);
    }

    /// <summary>
    /// MS-FSA 2.1.5.14.4/2.1.5.14.3: FileEndOfFileInformation truncates or extends; a
    /// FileAllocationInformation below the end of file truncates to it, above reserves the space
    /// (fallocate with KEEP_SIZE; where the file system cannot, nothing is reserved, as in Samba).
    /// Either is reported to change-notify watches as a data change (MODIFIED, SIZE and LAST_WRITE).
    /// </summary>
    private TeventReq SetSize(EventContext ev, PosixHandle handle, long size, bool allocation)
    {
        if (handle.IsDirectory)
            return Done(ev, NtStatus.InvalidParameter);
        BreakLevelII(handle);
        SafeFileDescriptor fd = handle.Fd;
        Timespec? frozen = handle.FrozenLastWrite;
        return PosixJob.Send(ev, () =>
        {
            if (allocation)
            {
                NtStatus s = FileStatus.Get(fd, out FileStatus st);
                if (s.IsError)
                    return Outcome<bool>.Fail(s);
                if (size >= st.Size)
                {
                    if (size > st.AllocationSize && Libc.fallocate(fd, Libc.FALLOC_FL_KEEP_SIZE, 0, size) != 0
                        && Libc.LastErrno is not (Errno.EOPNOTSUPP or Errno.ENOSYS))
                        return Outcome<bool>.Fail(ErrnoMapping.ToNtStatus(Libc.LastErrno));
                    return new Outcome<bool>(NtStatus.Success, true);
                }
            }
            if (Libc.ftruncate(fd, size) != 0)
                return Outcome<bool>.Fail(ErrnoMapping.ToNtStatus(Libc.LastErrno));
            if (frozen is { } mtime)
                RestoreLastWrite(fd, mtime);
            return new Outcome<bool>(NtStatus.Success, true);
        },
        onLoop: o =>
        {
            if (!o.Status.IsError)
                ReportDataChange(handle);
            return o;
        },
        location: "posix set size");
    }

    /// <summary>
    /// MS-FSA 2.1.5.14.3 FileDispositionInformation(Ex): marks the file delete-pending (it goes when
    /// its last open closes) or clears the mark. Refused: the share root (STATUS_CANNOT_DELETE), a
    /// READONLY file (STATUS_CANNOT_DELETE, unless FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE), a
    /// directory that is not empty (STATUS_DIRECTORY_NOT_EMPTY). FILE_DISPOSITION_POSIX_SEMANTICS
    /// unlinks the name at once (the opens keep working, as on Linux); FILE_DISPOSITION_ON_CLOSE sets
    /// or clears this open's delete-on-close instead.
    /// </summary>
    private TeventReq SetDisposition(EventContext ev, PosixHandle handle, FileDispositionFlags flags)
    {
        bool delete = (flags & FileDispositionFlags.Delete) != 0;
        if ((flags & FileDispositionFlags.OnClose) != 0)
        {
            handle.DeleteOnClose = delete;
            return Done(ev, NtStatus.Success);
        }
        if (!delete)
        {
            ShareModes.SetDeletePending(handle.File, false);
            return Done(ev, NtStatus.Success);
        }
        if (ShareModes.PathOf(handle.File).Length == 0)
            return Done(ev, NtStatus.CannotDelete);
        PosixShare share = handle.Share;
        bool ignoreReadOnly = (flags & FileDispositionFlags.IgnoreReadOnlyAttribute) != 0;
        bool posix = (flags & FileDispositionFlags.PosixSemantics) != 0;
        string diskPath = ShareModes.PathOf(handle.File);
        bool isDirectory = handle.IsDirectory;
        return PosixJob.SendMapped<bool, bool>(ev, () =>
        {
            NtStatus s = PosixMetadata.Load(share, handle.Fd, handle.DiskName, false, out _, out DosInfo dos, out _);
            if (s.IsError)
                return Outcome<bool>.Fail(s);
            if (!isDirectory && !ignoreReadOnly && PosixMetadata.IsReadOnly(dos))
                return Outcome<bool>.Fail(NtStatus.CannotDelete);
            if (isDirectory)
            {
                s = CheckEmpty(handle.Fd);
                if (s.IsError)
                    return Outcome<bool>.Fail(s);
            }
            if (posix)
            {
                s = DeleteAtClose(share, diskPath, handle.FileId, isDirectory);
                if (s.IsError)
                    return Outcome<bool>.Fail(s);
                ShareModes.MarkUnlinked(handle.File);
                return new Outcome<bool>(NtStatus.Success, true);
            }
            ShareModes.SetDeletePending(handle.File, true);
            return new Outcome<bool>(NtStatus.Success, false);
        },
        onLoop: o =>
        {
            // POSIX semantics removed the name now (true); a plain delete-pending waits for the last close.
            if (o.Status.IsSuccess && o.Result)
                ReportChange(share, diskPath, FileAction.Removed, NameFilter(isDirectory));
            return new Outcome<bool>(o.Status, o.Status.IsSuccess);
        }, location: "posix set disposition");
    }

    /// <summary>STATUS_DIRECTORY_NOT_EMPTY unless the directory holds nothing but "." and "..".</summary>
    private static NtStatus CheckEmpty(SafeFileDescriptor directory)
    {
        int errno = OpenViaProc(directory, Libc.O_RDONLY | Libc.O_DIRECTORY, out SafeFileDescriptor? readable);
        if (errno != 0)
            return ErrnoMapping.ToNtStatus(errno);
        using (readable)
        {
            var reader = new DirectoryReader(readable!, 4096);
            while (true)
            {
                NtStatus s = reader.Read(out DirectoryEntry entry, out bool end);
                if (s.IsError)
                    return s;
                if (end)
                    return NtStatus.Success;
                if (entry.Name is not "." and not "..")
                    return NtStatus.DirectoryNotEmpty;
            }
        }
    }
}
