using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>
/// One share of the posix backend: an O_PATH descriptor of its root directory and everything that
/// resolves client paths beneath it (<see cref="PathResolver"/>, the case-insensitive name cache).
/// Every name a client sends reaches the file system through this type, so confinement is decided
/// in one place.
/// </summary>
/// <remarks>
/// Threading: all methods block on system calls and may scan directories; the NTVFS layer calls
/// them from thread jobs, never on a loop thread. They are safe to call concurrently.
/// Lifetime: the share owns the root descriptor; dispose it when the share goes away (after the
/// last tree connect), not while calls are in flight (the descriptor is reference counted during
/// each call, so a racing Dispose cannot close it mid-call, but later calls fail with
/// STATUS_INVALID_HANDLE).
/// </remarks>
public sealed class ShareRoot : IDisposable
{
    private readonly PathResolver _resolver;
    private readonly NameLookup _lookup;

    private ShareRoot(string path, SafeFileDescriptor root, ShareRootOptions options, bool openat2)
    {
        LocalPath = path;
        RootFd = root;
        Options = options;
        NameCache = new CaseInsensitiveNameCache(options.NameCacheDirectories, options.NameCacheNames);
        _lookup = new NameLookup(NameCache);
        _resolver = new PathResolver(root, options, _lookup, openat2);
    }

    /// <summary>The `path` of the share, as configured.</summary>
    public string LocalPath { get; }

    public ShareRootOptions Options { get; }

    /// <summary>O_PATH|O_DIRECTORY descriptor of the share root.</summary>
    public SafeFileDescriptor RootFd { get; }

    public CaseInsensitiveNameCache NameCache { get; }

    /// <summary>How paths are confined on this share (for the startup banner and `status`).</summary>
    public PathResolution Resolution => _resolver.Strategy;

    /// <summary>
    /// Opens the share root. The configured path itself may be or contain symbolic links (it is the
    /// administrator's choice); confinement starts below it.
    /// </summary>
    public static NtStatus Open(string localPath, ShareRootOptions options, out ShareRoot? share)
    {
        share = null;
        SafeFileDescriptor root = Libc.openat(SafeFileDescriptor.CurrentDirectory, localPath,
            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (root.IsInvalid)
            return ErrnoMapping.ToNtStatus(Libc.LastErrno, ErrnoContext.FinalComponent);

        bool openat2 = options.Resolution switch
        {
            PathResolution.ComponentWalk => false,
            _ => ProbeOpenat2(root),
        };
        if (options.Resolution == PathResolution.Openat2 && !openat2)
        {
            root.Dispose();
            return NtStatus.NotSupported;
        }
        share = new ShareRoot(localPath, root, options, openat2);
        return NtStatus.Success;
    }

    /// <summary>
    /// True when openat2 works here. ENOSYS: kernel before 5.6. EPERM: a seccomp filter (older
    /// container runtimes) refuses system calls it does not know.
    /// </summary>
    public static bool ProbeOpenat2(SafeFileDescriptor directory)
    {
        var how = new OpenHow
        {
            flags = Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC,
            resolve = Libc.RESOLVE_BENEATH | Libc.RESOLVE_NO_MAGICLINKS,
        };
        using SafeFileDescriptor fd = Libc.openat2(directory, ".", how);
        return !fd.IsInvalid;
    }

    /// <summary>Parses and resolves a client path (see <see cref="SmbPath.TryParse"/> for the syntax rules).</summary>
    public NtStatus Resolve(string clientPath, out ResolvedPath? resolved)
    {
        resolved = null;
        NtStatus status = SmbPath.TryParse(clientPath, out SmbPath path);
        return status.IsError ? status : Resolve(path, out resolved);
    }

    /// <summary>
    /// Resolves a validated path to (parent directory descriptor, on-disk name of the last
    /// component). A missing last component is not an error: see <see cref="ResolvedPath.Exists"/>.
    /// Errors: OBJECT_PATH_NOT_FOUND for a missing, refused or non-directory intermediate
    /// component; OBJECT_NAME_NOT_FOUND for a vetoed last component; ACCESS_DENIED and others from
    /// <see cref="ErrnoMapping"/>.
    /// </summary>
    public NtStatus Resolve(SmbPath path, out ResolvedPath? resolved) => _resolver.Resolve(path, out resolved);

    /// <summary>
    /// Opens the object a resolved path names with open(2) <paramref name="flags"/>. O_CLOEXEC is
    /// added, and O_NONBLOCK: opening a FIFO or device node that a local user left in the share must
    /// not park a thread job forever (on regular files and directories O_NONBLOCK changes nothing;
    /// the backend refuses to serve other file types). O_NOFOLLOW opens a final link itself
    /// (with O_PATH) or fails as not found. A final symbolic link is followed only within the share
    /// (or anywhere with `wide links`); a link that leaves the share is OBJECT_NAME_NOT_FOUND, as if
    /// it did not exist. With O_CREAT on a name that did not exist, the name cache learns the name.
    /// </summary>
    public NtStatus Open(ResolvedPath path, int flags, uint mode, out SafeFileDescriptor? fd)
    {
        if ((flags & Libc.O_PATH) == 0)
            flags |= Libc.O_NONBLOCK;
        int errno = _resolver.Open(path, flags, mode, out fd);
        if (errno != 0)
            return ErrnoMapping.ToNtStatus(errno, ErrnoContext.FinalComponent);
        if ((flags & Libc.O_CREAT) != 0 && !path.Exists)
            NoteCreated(path);
        return NtStatus.Success;
    }

    /// <summary>Resolve and open in one step; a missing last component without O_CREAT is OBJECT_NAME_NOT_FOUND.</summary>
    public NtStatus Open(string clientPath, int flags, uint mode, out SafeFileDescriptor? fd)
    {
        fd = null;
        NtStatus status = Resolve(clientPath, out ResolvedPath? path);
        if (status.IsError)
            return status;
        using (path)
        {
            if (!path!.Exists && (flags & Libc.O_CREAT) == 0)
                return NtStatus.ObjectNameNotFound;
            return Open(path, flags, mode, out fd);
        }
    }

    /// <summary>mkdirat in the resolved parent. EEXIST is OBJECT_NAME_COLLISION.</summary>
    public NtStatus CreateDirectory(ResolvedPath path, uint mode)
    {
        if (path.IsRoot)
            return NtStatus.ObjectNameCollision;
        if (Libc.mkdirat(path.Parent, path.Name, mode) != 0)
            return ErrnoMapping.ToNtStatus(Libc.LastErrno);
        NoteCreated(path);
        return NtStatus.Success;
    }

    /// <summary>
    /// unlinkat in the resolved parent (a symbolic link is removed, never followed).
    /// A non-empty directory is DIRECTORY_NOT_EMPTY.
    /// </summary>
    public NtStatus Remove(ResolvedPath path, bool isDirectory)
    {
        if (path.IsRoot)
            return NtStatus.AccessDenied;
        if (Libc.unlinkat(path.Parent, path.Name, isDirectory ? Libc.AT_REMOVEDIR : 0) != 0)
            return ErrnoMapping.ToNtStatus(Libc.LastErrno);
        NoteRemoved(path);
        return NtStatus.Success;
    }

    /// <summary>
    /// renameat2 between two resolved paths of this share. Without <paramref name="replaceIfExists"/>
    /// it uses RENAME_NOREPLACE, so an existing target is OBJECT_NAME_COLLISION atomically.
    /// A rename that only changes case ("a.txt" to "A.TXT") works: when the target resolved to the
    /// source itself, the client's spelling of the target is used.
    /// </summary>
    public NtStatus Rename(ResolvedPath from, ResolvedPath to, bool replaceIfExists)
    {
        if (from.IsRoot || to.IsRoot)
            return NtStatus.AccessDenied;
        if (!from.Exists)
            return NtStatus.ObjectNameNotFound;
        string targetName = to.Name;
        // The same directory entry: same on-disk name in the same directory.
        bool sameObject = to.Exists
            && string.Equals(to.Name, from.Name, StringComparison.Ordinal)
            && SameDirectory(from.Parent, to.Parent);
        if (sameObject)
        {
            targetName = to.Path.FinalName;
            if (string.Equals(targetName, from.Name, StringComparison.Ordinal))
                return NtStatus.Success; // renaming to itself
        }
        uint flags = replaceIfExists || sameObject ? 0 : Libc.RENAME_NOREPLACE;
        if (Libc.renameat2(from.Parent, from.Name, to.Parent, targetName, flags) != 0)
            return ErrnoMapping.ToNtStatus(Libc.LastErrno);
        InvalidateDirectory(from.Parent);
        InvalidateDirectory(to.Parent);
        return NtStatus.Success;
    }

    private static bool SameDirectory(SafeFileDescriptor a, SafeFileDescriptor b)
        => FileStatus.TryGet(a, "", Libc.AT_EMPTY_PATH, out FileStatus sa) == 0
        && FileStatus.TryGet(b, "", Libc.AT_EMPTY_PATH, out FileStatus sb) == 0
        && sa.Device == sb.Device && sa.Inode == sb.Inode;

    /// <summary>Tells the name cache that the server created <see cref="ResolvedPath.Name"/> in its parent.</summary>
    public void NoteCreated(ResolvedPath path)
    {
        if (Options.CaseSensitive || path.IsRoot)
            return;
        if (FileStatus.TryGet(path.Parent, "", Libc.AT_EMPTY_PATH, out FileStatus st) != 0)
            return;
        var key = new DirectoryKey(st.Device, st.Inode);
        if (path.ParentStamp is { } before)
            NameCache.NoteAdded(key, before, DirectoryStamp.From(st), path.Name);
        else
            NameCache.Invalidate(key);
    }

    /// <summary>Tells the name cache that the server removed or renamed away an entry of the path's parent.</summary>
    public void NoteRemoved(ResolvedPath path)
    {
        if (!path.IsRoot)
            InvalidateDirectory(path.Parent);
    }

    /// <summary>Drops the cached listing of a directory.</summary>
    public void InvalidateDirectory(SafeFileDescriptor directory)
    {
        if (Options.CaseSensitive)
            return;
        if (FileStatus.TryGet(directory, "", Libc.AT_EMPTY_PATH, out FileStatus st) == 0)
            NameCache.Invalidate(new DirectoryKey(st.Device, st.Inode));
    }

    public void Dispose() => RootFd.Dispose();
}
