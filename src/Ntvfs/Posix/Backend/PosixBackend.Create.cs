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
    /// <summary>The create options that are also FileModeInformation flags (same bit values, MS-FSCC 2.4).</summary>
    private const Smb2CreateOptions ModeOptions = Smb2CreateOptions.WriteThrough | Smb2CreateOptions.SequentialOnly
        | Smb2CreateOptions.NoIntermediateBuffering | Smb2CreateOptions.SynchronousIoAlert
        | Smb2CreateOptions.SynchronousIoNonalert | Smb2CreateOptions.DeleteOnClose;

    /// <summary>
    /// The create's EA list (SMB2_CREATE_EA_BUFFER), on the file it made or overwrote. A failure here
    /// (a file system without user extended attributes: STATUS_EAS_NOT_SUPPORTED) fails the create;
    /// a file it made stays, empty, as after any create whose response was lost.
    /// </summary>
    private static NtStatus ApplyCreateEas(SafeFileDescriptor fd, NtvfsCreateArgs args)
        => args.Eas is { Count: > 0 } eas ? EaStore.Write(fd, eas) : NtStatus.Success;

    internal sealed record CreateWork(PosixHandle Handle, Smb2CreateAction Action, FileMetadata Metadata, AccessMask MaximalAccess);

    /// <summary>
    /// SMB2 CREATE (MS-SMB2 3.3.5.9, MS-FSA 2.1.5.1): every create disposition, directory/non-directory
    /// checks, access and share-mode checks, delete-on-close, new-object attributes and modes, and
    /// oplocks (MS-FSA 2.1.5.17): the level granted, and the break of other opens' oplocks the open
    /// must wait for (<see cref="PendingCreate"/>). Checks that need no system call run here; the
    /// rest runs in a thread job, again after each break it waited for.
    /// </summary>
    public override TeventReq CreateSend(NtvfsRequest r, NtvfsCreateArgs args)
    {
        PosixShare? share = ShareOf(r);
        if (share is null)
            return NtvfsOp.Post<NtvfsCreateResult>(r.Ev, NtStatus.NetworkNameDeleted);
        NtStatus status = ValidateCreate(args, out CreatePath path);
        if (status.IsError)
            return NtvfsOp.Post<NtvfsCreateResult>(r.Ev, status);
        ulong sessionId = r.Session.SessionId;
        // Samba answers NT_STATUS_TOO_MANY_OPENED_FILES when its table of opens is full; so do we.
        if (!TryReserveOpen(sessionId))
            return NtvfsOp.Post<NtvfsCreateResult>(r.Ev, NtStatus.TooManyOpenedFiles);

        NtvfsTree tree = r.Tree;
        // `oplocks = no`: every open gets none (and so never has one to break).
        if (!share.Options.Oplocks)
            args = args with { RequestedOplockLevel = Smb2OplockLevel.None };
        return PendingCreate.Send(this, r, sessionId, pending => OpenOrCreate(tree, share, args, path, pending));
    }

    /// <summary>The create's result, on the loop: the new handle joins its tree and the counters.</summary>
    internal NtvfsCreateResult CreateRegistered(CreateWork w)
    {
        w.Handle.Share.Handles.Add(w.Handle);
        Interlocked.Increment(ref _openHandles);
        if (w.Action == Smb2CreateAction.Created)
            ReportChange(w.Handle.Share, ShareModes.PathOf(w.Handle.File), FileAction.Added, NameFilter(w.Handle.IsDirectory));
        else if (w.Action is Smb2CreateAction.Overwritten or Smb2CreateAction.Superseded)
            // Truncated, and its attributes replaced (see Overwrite).
            ReportDataChange(w.Handle, NotifyMapping.ModifyFilter | CompletionFilter.Attributes);
        return new NtvfsCreateResult(w.Handle, w.Action, w.Metadata, w.Handle.ShareOpen.Oplock, (uint)w.MaximalAccess);
    }

    /// <summary>A create that failed or that nobody collects: its reserved open, and a handle it made, go back.</summary>
    internal void CreateAbandoned(ulong sessionId, Outcome<CreateWork?> o)
    {
        ReleaseOpen(sessionId);
        if (o.Result is { } w)
            ReleaseUnregistered(w.Handle);
    }

    /// <summary>The argument checks of MS-SMB2 3.3.5.9 and MS-FSA 2.1.5.1 that need no file system access.</summary>
    private static NtStatus ValidateCreate(in NtvfsCreateArgs args, out CreatePath path)
    {
        path = default;
        if (args.CreateDisposition > Smb2CreateDisposition.OverwriteIf)
            return NtStatus.InvalidParameter;
        Smb2CreateOptions options = args.CreateOptions;
        bool directory = (options & Smb2CreateOptions.DirectoryFile) != 0;
        if (directory && (options & Smb2CreateOptions.NonDirectoryFile) != 0)
            return NtStatus.InvalidParameter;
        // MS-FSA 2.1.5.1: a directory can only be opened or created, never overwritten or superseded.
        if (directory && args.CreateDisposition is not (Smb2CreateDisposition.Create or Smb2CreateDisposition.Open
                or Smb2CreateDisposition.OpenIf))
            return NtStatus.InvalidParameter;
        return CreatePath.TryParse(args.Path, out path);
    }

    private Outcome<CreateWork?> OpenOrCreate(NtvfsTree tree, PosixShare share, NtvfsCreateArgs args, CreatePath path,
        PendingCreate pending)
    {
        // Closes that were left for the next job (no thread switch of their own; see DeferredClose).
        DeferredCloses.CloseSome(DeferredClose.MaxPerCreate);
        // Two rounds at most: a create that loses the race with another creator (EEXIST) is retried
        // as an open when the disposition allows opening an existing file.
        for (int attempt = 0; ; attempt++)
        {
            NtStatus status = share.Root.Resolve(path.Path, out ResolvedPath? resolved);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);
            using (resolved)
            {
                if (resolved!.Exists)
                    return OpenExisting(tree, share, args, path, resolved, pending);
                Outcome<CreateWork?> created = CreateNew(tree, share, args, resolved, pending);
                if (created.Status == NtStatus.ObjectNameCollision && attempt == 0
                    && args.CreateDisposition != Smb2CreateDisposition.Create)
                    continue;
                return created;
            }
        }
    }

    private Outcome<CreateWork?> OpenExisting(NtvfsTree tree, PosixShare share, NtvfsCreateArgs args,
        CreatePath path, ResolvedPath resolved, PendingCreate pending)
    {
        Smb2CreateDisposition disposition = args.CreateDisposition;
        if (disposition == Smb2CreateDisposition.Create)
            return Outcome<CreateWork?>.Fail(NtStatus.ObjectNameCollision);

        // The share root was opened (O_PATH) and fstat'ed by the resolution itself: no second open.
        SafeFileDescriptor? pathFd = null;
        NtStatus status = resolved.IsRoot
            ? NtStatus.Success
            : share.Root.Open(resolved, Libc.O_PATH, 0, out pathFd);
        if (status.IsError)
            return Outcome<CreateWork?>.Fail(status);
        if (resolved.IsRoot)
            pathFd = resolved.DetachParent();
        SafeFileDescriptor? fd = null;
        ShareModeOpen? open = null;
        try
        {
            FileStatus st = resolved.Status;
            if (!resolved.IsRoot)
            {
                status = FileStatus.Get(pathFd!, out st);
                if (status.IsError)
                    return Outcome<CreateWork?>.Fail(status);
            }
            // Only regular files and directories are served; a FIFO or device node left in the share by
            // a local user is refused rather than opened.
            if (!st.IsDirectory && !st.IsRegularFile)
                return Outcome<CreateWork?>.Fail(NtStatus.AccessDenied);
            bool isDirectory = st.IsDirectory;
            Smb2CreateOptions options = args.CreateOptions;
            if (isDirectory && (options & Smb2CreateOptions.NonDirectoryFile) != 0)
                return Outcome<CreateWork?>.Fail(NtStatus.FileIsADirectory);
            if (!isDirectory && (options & Smb2CreateOptions.DirectoryFile) != 0)
                return Outcome<CreateWork?>.Fail(NtStatus.NotADirectory);
            // MS-FSA 2.1.5.1: a trailing separator means "must be a directory".
            if (!isDirectory && resolved.Path.HasTrailingSeparator)
                return Outcome<CreateWork?>.Fail(NtStatus.ObjectNameInvalid);
            if (isDirectory && path.DefaultStream)
                return Outcome<CreateWork?>.Fail(NtStatus.FileIsADirectory);
            bool overwrite = disposition is Smb2CreateDisposition.Supersede or Smb2CreateDisposition.Overwrite
                or Smb2CreateDisposition.OverwriteIf;
            if (isDirectory && overwrite)
                return Outcome<CreateWork?>.Fail(NtStatus.InvalidParameter);

            status = share.Dos.Load(pathFd!, st, resolved.Name, out DosInfo dos);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);
            bool readOnlyAttribute = PosixMetadata.IsReadOnly(dos);
            if (overwrite)
            {
                status = CheckOverwrite(share, dos, resolved.Name, args.FileAttributes);
                if (status.IsError)
                    return Outcome<CreateWork?>.Fail(status);
            }

            AccessMask maximal = AccessRights.Maximal(share.ReadOnly, readOnlyAttribute, isDirectory);
            status = AccessRights.Grant(args.DesiredAccess, maximal, out AccessMask granted);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);
            if ((options & Smb2CreateOptions.DeleteOnClose) != 0)
            {
                status = CheckDeleteOnClose(granted, readOnlyAttribute && !isDirectory, resolved.IsRoot);
                if (status.IsError)
                    return Outcome<CreateWork?>.Fail(status);
            }

            bool explicitWrite = (FileGenericMapping.Map((AccessMask)args.DesiredAccess) & AccessRights.ReadOnlyAttributeDenied) != 0;
            status = Reopen(pathFd!, isDirectory, explicitWrite, ref granted, out fd);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);
            pathFd = null; // owned by fd now (or disposed by Reopen)

            // The sharing check comes before anything changes the file (an overwrite truncates).
            string diskPath = resolved.IsRoot ? "" : resolved.RelativePath;
            var oplock = new OplockRequest(args.RequestedOplockLevel, Created: false, Overwrite: overwrite,
                share.Options.Level2Oplocks, pending.Ev, pending);
            status = ShareModes.TryOpen(st.FileId, share.Key, diskPath, isDirectory, granted, args.ShareAccess, oplock, out open);
            if (status == NtStatus.Pending)
                return new Outcome<CreateWork?>(NtStatus.Pending, null);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);

            Smb2CreateAction action = Smb2CreateAction.Opened;
            if (overwrite)
            {
                status = Overwrite(share, fd!, args.FileAttributes, dos);
                if (status.IsError)
                    return Outcome<CreateWork?>.Fail(status);
                Reserve(fd!, args.AllocationSize);
                status = ApplyCreateEas(fd!, args);
                if (!status.IsSuccess)
                    return Outcome<CreateWork?>.Fail(status);
                action = disposition == Smb2CreateDisposition.Supersede ? Smb2CreateAction.Superseded : Smb2CreateAction.Overwritten;
            }

            // Reopening changed nothing on the file: what was read before stands, unless it was overwritten.
            FileMetadata metadata = PosixMetadata.Build(st, dos, false);
            if (overwrite)
            {
                status = PosixMetadata.Load(share, fd!, resolved.Name, false, out _, out _, out metadata);
                if (status.IsError)
                    return Outcome<CreateWork?>.Fail(status);
            }
            var handle = new PosixHandle(tree, share, resolved.Path.ToString(), isDirectory, (uint)granted, fd!,
                st.FileId, open!, (FileModeFlags)(options & ModeOptions), resolved.Name);
            ShareModes.Attach(open!, handle);
            fd = null;
            open = null;
            return new Outcome<CreateWork?>(NtStatus.Success, new CreateWork(handle, action, metadata, maximal));
        }
        finally
        {
            pathFd?.Dispose();
            fd?.Dispose();
            if (open is not null)
                ShareModes.Close(open, false, out _, out _);
        }
    }

    /// <summary>
    /// MS-FSA 2.1.5.1.2.1, overwrite and supersede of an existing file: refused on a read-only share,
    /// for a READONLY file (Samba CVE-2023-4091 truncated such files), and when the file is HIDDEN or
    /// SYSTEM but the request does not carry the same attribute. HIDDEN that only `hide dot files`
    /// gives a name does not count: clients cannot know it is there and would never get to
    /// overwrite ".profile".
    /// </summary>
    private static NtStatus CheckOverwrite(PosixShare share, in DosInfo dos, string name, FileAttributes requested)
    {
        if (share.ReadOnly || PosixMetadata.IsReadOnly(dos))
            return NtStatus.AccessDenied;
        FileAttributes existing = PosixMetadata.ToFscc(dos.Attributes);
        if (share.Dos.HideDotFiles && NameValidation.IsDotFile(name))
            existing &= ~FileAttributes.Hidden;
        if ((existing & FileAttributes.Hidden) != 0 && (requested & FileAttributes.Hidden) == 0)
            return NtStatus.AccessDenied;
        if ((existing & FileAttributes.System) != 0 && (requested & FileAttributes.System) == 0)
            return NtStatus.AccessDenied;
        return NtStatus.Success;
    }

    /// <summary>
    /// FILE_DELETE_ON_CLOSE needs DELETE in the granted access (MS-SMB2 3.3.5.9); a READONLY file
    /// cannot be deleted (MS-FSA 2.1.5.1.2.1: STATUS_CANNOT_DELETE), nor can the share root.
    /// </summary>
    private static NtStatus CheckDeleteOnClose(AccessMask granted, bool readOnlyFile, bool isRoot)
    {
        if ((granted & AccessMask.Delete) == 0 || isRoot)
            return NtStatus.AccessDenied;
        return readOnlyFile ? NtStatus.CannotDelete : NtStatus.Success;
    }

    /// <summary>
    /// Turns the O_PATH descriptor of the open into the one the granted access needs, by reopening
    /// the same inode through /proc/self/fd (no second path lookup, so no race with a rename).
    /// An attribute-only open keeps O_PATH. When the kernel refuses write access that only
    /// MAXIMUM_ALLOWED asked for, the open continues read-only and the write rights are not granted.
    /// </summary>
    private static NtStatus Reopen(SafeFileDescriptor pathFd, bool isDirectory, bool explicitWrite,
        ref AccessMask granted, out SafeFileDescriptor? fd)
    {
        const AccessMask write = AccessMask.FileWriteData | AccessMask.FileAppendData;
        const AccessMask read = AccessMask.FileReadData | AccessMask.FileExecute;
        fd = null;
        bool wantWrite = !isDirectory && (granted & write) != 0;
        bool wantRead = isDirectory || (granted & read) != 0;
        if (!wantWrite && !wantRead)
        {
            fd = pathFd;
            return NtStatus.Success;
        }
        int flags = isDirectory ? Libc.O_RDONLY | Libc.O_DIRECTORY
            : wantWrite ? (wantRead ? Libc.O_RDWR : Libc.O_WRONLY) : Libc.O_RDONLY;
        int errno = isDirectory ? OpenDirectoryAgain(pathFd, out fd) : OpenViaProc(pathFd, flags, out fd);
        if (errno == Errno.EACCES && wantWrite && !explicitWrite)
        {
            granted &= ~write;
            if ((granted & read) == 0)
            {
                fd = pathFd;
                return NtStatus.Success;
            }
            errno = OpenViaProc(pathFd, Libc.O_RDONLY, out fd);
        }
        if (errno == Errno.EACCES && isDirectory && (granted & AccessMask.FileListDirectory) == 0)
        {
            fd = pathFd;
            return NtStatus.Success;
        }
        if (errno != 0)
            return ErrnoMapping.ToNtStatus(errno);
        pathFd.Dispose();
        return NtStatus.Success;
    }

    /// <summary>
    /// Opens a directory again for reading through its "." entry: a lookup that stays in the
    /// directory, cheaper than the /proc/self/fd link. "." needs search permission on the
    /// directory, which /proc does not; without it the /proc way is taken.
    /// </summary>
    private static int OpenDirectoryAgain(SafeFileDescriptor dirFd, out SafeFileDescriptor? reopened)
    {
        SafeFileDescriptor result = Libc.openat(dirFd, ".", Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC | Libc.O_NONBLOCK, 0);
        if (!result.IsInvalid)
        {
            reopened = result;
            return 0;
        }
        int errno = Libc.LastErrno;
        reopened = null;
        return errno == Errno.EACCES ? OpenViaProc(dirFd, Libc.O_RDONLY | Libc.O_DIRECTORY, out reopened) : errno;
    }

    /// <summary>Opens the inode behind <paramref name="fd"/> again with <paramref name="flags"/>; errno or 0.</summary>
    internal static int OpenViaProc(SafeFileDescriptor fd, int flags, out SafeFileDescriptor? reopened)
    {
        using var proc = new ProcFdPath(fd);
        SafeFileDescriptor result = Libc.openat(SafeFileDescriptor.CurrentDirectory, proc.Path,
            flags | Libc.O_CLOEXEC | Libc.O_NONBLOCK, 0);
        if (result.IsInvalid)
        {
            reopened = null;
            return Libc.LastErrno;
        }
        reopened = result;
        return 0;
    }

    /// <summary>
    /// FILE_OVERWRITE / FILE_OVERWRITE_IF / FILE_SUPERSEDE of an existing file: truncate to zero and
    /// replace the attributes with the requested ones plus ARCHIVE (MS-FSA 2.1.5.1.2.1). The
    /// creation time is kept (NTFS keeps it on overwrite).
    /// </summary>
    private static NtStatus Overwrite(PosixShare share, SafeFileDescriptor fd, FileAttributes requested, in DosInfo dos)
    {
        int r = Libc.ftruncate(fd, 0);
        if (r != 0 && Libc.LastErrno is Errno.EBADF or Errno.EINVAL)
        {
            // The open was not granted write access (overwrite asks for no particular right): truncate
            // through a descriptor of our own.
            int errno = OpenViaProc(fd, Libc.O_WRONLY, out SafeFileDescriptor? writable);
            if (errno != 0)
                return ErrnoMapping.ToNtStatus(errno);
            using (writable)
                r = Libc.ftruncate(writable!, 0);
        }
        if (r != 0)
            return ErrnoMapping.ToNtStatus(Libc.LastErrno);
        NtStatus status = FileStatus.Get(fd, out FileStatus st);
        if (status.IsError)
            return status;
        FileAttributes attributes = (requested & PosixMetadata.ToFscc(DosAttributes.StoredAttributes)) | FileAttributes.Archive;
        return share.Dos.Store(fd, st, PosixMetadata.ToIo(attributes), dos.Stored ? null : dos.CreationTime);
    }

    /// <summary>
    /// MS-SMB2 2.2.13.2 AllocationSize of a new or overwritten file: space reserved without changing
    /// the size (fallocate KEEP_SIZE). Best effort, as in Samba: a file system or descriptor that
    /// cannot reserve leaves the file as it is.
    /// </summary>
    private static void Reserve(SafeFileDescriptor fd, long allocationSize)
    {
        if (allocationSize > 0)
            Libc.fallocate(fd, Libc.FALLOC_FL_KEEP_SIZE, 0, allocationSize);
    }

    private Outcome<CreateWork?> CreateNew(NtvfsTree tree, PosixShare share, NtvfsCreateArgs args, ResolvedPath resolved,
        PendingCreate pending)
    {
        Smb2CreateDisposition disposition = args.CreateDisposition;
        if (disposition is Smb2CreateDisposition.Open or Smb2CreateDisposition.Overwrite)
            return Outcome<CreateWork?>.Fail(NtStatus.ObjectNameNotFound);
        if (share.ReadOnly)
            return Outcome<CreateWork?>.Fail(NtStatus.AccessDenied);
        NtStatus status = NameValidation.ValidateNewName(resolved.Name);
        if (status.IsError)
            return Outcome<CreateWork?>.Fail(status);
        Smb2CreateOptions options = args.CreateOptions;
        bool isDirectory = (options & Smb2CreateOptions.DirectoryFile) != 0;
        if (!isDirectory && resolved.Path.HasTrailingSeparator)
            return Outcome<CreateWork?>.Fail(NtStatus.ObjectNameInvalid);

        AccessMask maximal = AccessRights.Maximal(false, false, isDirectory);
        status = AccessRights.Grant(args.DesiredAccess, maximal, out AccessMask granted);
        if (status.IsError)
            return Outcome<CreateWork?>.Fail(status);
        FileAttributes requested = args.FileAttributes;
        if ((options & Smb2CreateOptions.DeleteOnClose) != 0)
        {
            // MS-FSA 2.1.5.1.1: a new file asked to be READONLY and deleted on close is STATUS_CANNOT_DELETE.
            status = CheckDeleteOnClose(granted, !isDirectory && (requested & FileAttributes.ReadOnly) != 0, false);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);
        }

        SafeFileDescriptor? fd;
        uint mode;
        if (isDirectory)
        {
            mode = share.Modes.DirectoryMode();
            status = share.Root.CreateDirectory(resolved, mode);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);
            status = share.Root.Open(resolved, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW, 0, out fd);
        }
        else
        {
            mode = share.Modes.FileMode();
            bool write = (granted & (AccessMask.FileWriteData | AccessMask.FileAppendData)) != 0;
            bool read = (granted & (AccessMask.FileReadData | AccessMask.FileExecute)) != 0;
            int access = write ? (read ? Libc.O_RDWR : Libc.O_WRONLY) : Libc.O_RDONLY;
            status = share.Root.Open(resolved, Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | access, mode, out fd);
        }
        if (status.IsError)
            return Outcome<CreateWork?>.Fail(status);

        ShareModeOpen? open = null;
        try
        {
            status = FileStatus.Get(fd!, out FileStatus st);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);
            status = CreateModePolicy.ApplyExact(fd!, st, mode);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);
            // New objects get the requested attributes, files ARCHIVE as well (what Windows gives a new
            // file), and a stored creation time so it survives copies and restores of the tree.
            FileAttributes attributes = requested & PosixMetadata.ToFscc(DosAttributes.StoredAttributes);
            if (!isDirectory)
                attributes |= FileAttributes.Archive;
            long creation = st.HasBirthTime ? FileTime.FromStatx(st.BirthTime) : DateTime.UtcNow.ToFileTimeUtc();
            status = share.Dos.Store(fd!, st, PosixMetadata.ToIo(attributes), creation);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);

            // A new file has no oplock to break: another open of it in the moment since O_EXCL is not
            // waited for (no waiter), it only makes this one get level II or none.
            var oplock = new OplockRequest(args.RequestedOplockLevel, Created: true, Overwrite: false,
                share.Options.Level2Oplocks, pending.Ev, Waiter: null);
            status = ShareModes.TryOpen(st.FileId, share.Key, resolved.RelativePath, isDirectory, granted,
                args.ShareAccess, oplock, out open);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);
            if (!isDirectory)
                Reserve(fd!, args.AllocationSize);
            status = ApplyCreateEas(fd!, args);
            if (!status.IsSuccess)
                return Outcome<CreateWork?>.Fail(status);
            status = PosixMetadata.Load(share, fd!, resolved.Name, false, out _, out _, out FileMetadata metadata);
            if (status.IsError)
                return Outcome<CreateWork?>.Fail(status);
            var handle = new PosixHandle(tree, share, resolved.Path.ToString(), isDirectory, (uint)granted, fd!,
                st.FileId, open!, (FileModeFlags)(options & ModeOptions), resolved.Name);
            ShareModes.Attach(open!, handle);
            fd = null;
            open = null;
            return new Outcome<CreateWork?>(NtStatus.Success,
                new CreateWork(handle, Smb2CreateAction.Created, metadata, maximal));
        }
        finally
        {
            fd?.Dispose();
            if (open is not null)
                ShareModes.Close(open, false, out _, out _);
        }
    }
}
