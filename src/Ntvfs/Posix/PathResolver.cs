using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>
/// Resolves validated client paths under one share root, under the share's rules for symbolic
/// links, case and vetoed names. Blocking (system calls, directory scans): run from thread jobs.
/// Thread-safe: it holds no per-call state.
/// </summary>
/// <remarks>
/// Strategies:
/// <list type="bullet">
/// <item>Kernel (openat2, or plain openat for `wide links`): the parent directory is opened in one
/// call with the whole path relative to the root descriptor. Only when that fails with ENOENT and
/// the share is case-insensitive does it go component by component, opening "prefix/component"
/// relative to the root each time (never relative to an inner directory, so a link inside the share
/// may point to "../sibling" without being refused as an escape) and trying the case-insensitive
/// match for the component that was missing.</item>
/// <item><see cref="ComponentWalk"/> when openat2 is unavailable.</item>
/// </list>
/// Errors: a missing, refused (escaping, or any link with `follow symlinks = no`) or non-directory
/// component before the last is OBJECT_PATH_NOT_FOUND; the last component missing is not an
/// error of resolution (<see cref="ResolvedPath.Exists"/> is false).
/// </remarks>
internal sealed class PathResolver
{
    /// <summary>How often an openat2 that reports EAGAIN (a rename raced a ".." step) is retried.</summary>
    private const int Openat2Retries = 16;

    private readonly SafeFileDescriptor _root;
    private readonly ShareRootOptions _options;
    private readonly NameLookup _lookup;
    private readonly ComponentWalk? _walk;
    private readonly bool _openat2;
    private readonly ulong _resolve;

    public PathResolver(SafeFileDescriptor root, ShareRootOptions options, NameLookup lookup, bool openat2Available)
    {
        _root = root;
        _options = options;
        _lookup = lookup;
        bool wide = options.WideLinks && options.FollowSymlinks;
        _openat2 = openat2Available;
        _resolve = Libc.RESOLVE_NO_MAGICLINKS
            | (options.FollowSymlinks ? 0 : Libc.RESOLVE_NO_SYMLINKS)
            | (wide ? 0 : Libc.RESOLVE_BENEATH);
        // Without openat2 only wide links may use the kernel's own following.
        if (!openat2Available && !wide)
            _walk = new ComponentWalk(root, options, lookup);
        Strategy = _walk is not null ? PathResolution.ComponentWalk : _openat2 ? PathResolution.Openat2 : PathResolution.Auto;
    }

    /// <summary>The strategy in use (<see cref="PathResolution.Auto"/> here means plain openat for wide links).</summary>
    public PathResolution Strategy { get; }

    public NtStatus Resolve(SmbPath path, out ResolvedPath? resolved)
    {
        resolved = null;
        IReadOnlyList<string> components = path.Components;
        int n = components.Count;
        for (int i = 0; i < n; i++)
        {
            if (_options.VetoFiles.IsVetoed(components[i]))
                return i == n - 1 ? NtStatus.ObjectNameNotFound : NtStatus.ObjectPathNotFound;
        }

        if (n == 0)
        {
            SafeFileDescriptor self = Libc.openat(_root, ".", Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
            if (self.IsInvalid)
                return ErrnoMapping.ToNtStatus(Libc.LastErrno);
            NtStatus s = FileStatus.Get(self, out FileStatus rootStatus);
            if (s.IsError)
            {
                self.Dispose();
                return s;
            }
            resolved = new ResolvedPath(path, self, "", ".", exists: true, rootStatus, null);
            return NtStatus.Success;
        }

        int errno = OpenParent(components, n - 1, out SafeFileDescriptor? parent, out string parentPath);
        if (errno != 0)
            return ErrnoMapping.ToNtStatus(errno, ErrnoContext.PathPrefix);

        string name = components[n - 1];
        DirectoryStamp? stamp = null;
        errno = FileStatus.TryGet(parent!, name, Libc.AT_SYMLINK_NOFOLLOW, out FileStatus status);
        bool exists = errno == 0;
        if (errno == Errno.ENOENT)
        {
            errno = 0;
            if (!_options.CaseSensitive)
            {
                errno = _lookup.FindExisting(parent!, name, out string? actual, out status, out DirectoryStamp s);
                stamp = s;
                if (errno == 0 && actual is not null)
                {
                    name = actual;
                    exists = true;
                }
            }
        }
        if (errno != 0)
        {
            parent!.Dispose();
            return ErrnoMapping.ToNtStatus(errno, ErrnoContext.FinalComponent);
        }
        if (exists && !_options.CaseSensitive && _options.VetoFiles.IsVetoed(name))
        {
            parent!.Dispose();
            return NtStatus.ObjectNameNotFound;
        }
        resolved = new ResolvedPath(path, parent!, parentPath, name, exists, exists ? status : default, stamp);
        return NtStatus.Success;
    }

    /// <summary>Opens what a resolved path names, following a final link under the share's rules.</summary>
    public int Open(ResolvedPath path, int flags, uint mode, out SafeFileDescriptor? fd)
    {
        if (_walk is not null)
        {
            string[] all = path.IsRoot ? [] : path.RelativePath.Split('/');
            return _walk.Open(all, flags, mode, out fd);
        }
        return KernelOpen(path.RelativePath, flags, mode, out fd);
    }

    private int OpenParent(IReadOnlyList<string> components, int count, out SafeFileDescriptor? parent,
        out string parentPath)
    {
        parent = null;
        parentPath = "";
        if (_walk is not null)
        {
            int e = _walk.WalkDirectories(components, count, out parent, out string[] actual);
            if (e == 0)
                parentPath = string.Join('/', actual);
            return e;
        }

        const int dirFlags = Libc.O_PATH | Libc.O_DIRECTORY;
        string exact = count == 0 ? "." : JoinPrefix(components, count);
        int errno = KernelOpen(exact, dirFlags, 0, out parent);
        if (errno == 0)
        {
            parentPath = count == 0 ? "" : exact;
            return 0;
        }
        if (errno != Errno.ENOENT || _options.CaseSensitive)
            return errno;

        // Slow path: find which component is missing and try its case-insensitive match.
        errno = KernelOpen(".", dirFlags, 0, out SafeFileDescriptor? current);
        if (errno != 0)
            return errno;
        string prefix = "";
        for (int i = 0; i < count; i++)
        {
            string candidate = prefix.Length == 0 ? components[i] : prefix + "/" + components[i];
            errno = KernelOpen(candidate, dirFlags, 0, out SafeFileDescriptor? next);
            if (errno == Errno.ENOENT)
            {
                errno = _lookup.Find(current!, components[i], forceScan: false, out string? actual, out _);
                if (errno == 0 && actual is null)
                    errno = Errno.ENOENT;
                if (errno == 0)
                {
                    candidate = prefix.Length == 0 ? actual! : prefix + "/" + actual;
                    errno = KernelOpen(candidate, dirFlags, 0, out next);
                    if (errno == Errno.ENOENT)
                    {
                        // The cached spelling is gone: rescan once.
                        errno = _lookup.Find(current!, components[i], forceScan: true, out actual, out _);
                        if (errno == 0 && actual is null)
                            errno = Errno.ENOENT;
                        if (errno == 0)
                        {
                            candidate = prefix.Length == 0 ? actual! : prefix + "/" + actual;
                            errno = KernelOpen(candidate, dirFlags, 0, out next);
                        }
                    }
                }
            }
            if (errno != 0)
            {
                current!.Dispose();
                return errno;
            }
            current!.Dispose();
            current = next;
            prefix = candidate;
        }
        parent = current;
        parentPath = prefix;
        return 0;
    }

    /// <summary>openat2 (or openat for wide links without openat2) relative to the root; O_CLOEXEC always.</summary>
    private int KernelOpen(string relativePath, int flags, uint mode, out SafeFileDescriptor? fd)
    {
        flags |= Libc.O_CLOEXEC;
        bool takesMode = (flags & Libc.O_CREAT) != 0 || (flags & Libc.O_TMPFILE) == Libc.O_TMPFILE;
        if (!_openat2)
        {
            fd = Libc.openat(_root, relativePath, flags, takesMode ? mode : 0);
            if (!fd.IsInvalid)
                return 0;
            int e = Libc.LastErrno;
            fd = null;
            return e;
        }
        var how = new OpenHow { flags = (ulong)(uint)flags, mode = takesMode ? mode : 0, resolve = _resolve };
        int errno = 0;
        for (int attempt = 0; attempt < Openat2Retries; attempt++)
        {
            fd = Libc.openat2(_root, relativePath, how);
            if (!fd.IsInvalid)
                return 0;
            errno = Libc.LastErrno;
            if (errno != Errno.EAGAIN)
                break;
        }
        fd = null;
        return errno;
    }

    private static string JoinPrefix(IReadOnlyList<string> components, int count)
    {
        if (count == 1)
            return components[0];
        var parts = new string[count];
        for (int i = 0; i < count; i++)
            parts[i] = components[i];
        return string.Join('/', parts);
    }
}
