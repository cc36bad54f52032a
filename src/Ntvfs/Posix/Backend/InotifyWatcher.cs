using System.Buffers.Binary;
using System.Text;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// One inotify instance for a backend, read by a dedicated thread that turns kernel events into
/// <see cref="NotifyEvent"/>s and posts them to the loop of each <see cref="NotifyWatch"/> that
/// subscribed (<see cref="TEvent.EventContext.PostThreaded"/>): the only thread that ever blocks on
/// the inotify descriptor is this one.
/// </summary>
/// <remarks>
/// inotify is not recursive: a WATCH_TREE watch adds a kernel watch for every directory below its
/// root when it starts and for every directory created or moved in later; a subdirectory renamed
/// within the tree keeps its watch and gets its new relative path; one moved out loses it. Each
/// watched directory is held by an O_PATH descriptor, so watches for new subdirectories are added
/// by openat relative to their parent (O_NOFOLLOW: a symbolic link never takes a watch outside
/// the share). Kernel queue overflow (IN_Q_OVERFLOW) reaches every subscriber as an overflow, which
/// CHANGE_NOTIFY reports as STATUS_NOTIFY_ENUM_DIR.
/// Thread-safe: <see cref="Add"/> runs in thread jobs, <see cref="Remove"/> on loops, dispatch on
/// the watcher thread; one lock guards the tables and is never held while posting to a loop.
/// </remarks>
internal sealed class InotifyWatcher : IDisposable
{
    private const uint WatchMask = Libc.IN_CREATE | Libc.IN_DELETE | Libc.IN_MOVED_FROM | Libc.IN_MOVED_TO
        | Libc.IN_MODIFY | Libc.IN_ATTRIB | Libc.IN_ONLYDIR | Libc.IN_EXCL_UNLINK;

    private readonly object _lock = new();
    private readonly Dictionary<int, WatchedDirectory> _watches = new();
    private readonly SafeFileDescriptor? _inotify;
    private readonly SafeFileDescriptor? _wake;
    private readonly Thread? _thread;
    private readonly int _initErrno;
    private volatile bool _stopping;

    private sealed class WatchedDirectory(int wd, SafeFileDescriptor fd)
    {
        public readonly int Wd = wd;
        public readonly SafeFileDescriptor Fd = fd;
        public readonly List<Subscription> Subscriptions = new(1);
    }

    private sealed class Subscription(NotifyWatch watch, string relativePath)
    {
        public readonly NotifyWatch Watch = watch;
        public string RelativePath = relativePath;
    }

    public InotifyWatcher()
    {
        SafeFileDescriptor inotify = Libc.inotify_init1(Libc.IN_CLOEXEC | Libc.IN_NONBLOCK);
        if (inotify.IsInvalid)
        {
            _initErrno = Libc.LastErrno;
            return;
        }
        SafeFileDescriptor wake = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (wake.IsInvalid)
        {
            _initErrno = Libc.LastErrno;
            inotify.Dispose();
            return;
        }
        _inotify = inotify;
        _wake = wake;
        _thread = new Thread(Run) { IsBackground = true, Name = "posix-inotify" };
        _thread.Start();
    }

    /// <summary>Kernel watches in place (directories watched), for tests and `status`.</summary>
    public int WatchCount
    {
        get { lock (_lock) return _watches.Count; }
    }

    /// <summary>
    /// Starts watching <paramref name="directory"/> (and, for a tree watch, every directory below it)
    /// for <paramref name="watch"/>. Blocking (walks the tree): thread jobs only.
    /// </summary>
    public NtStatus Add(NotifyWatch watch, SafeFileDescriptor directory)
    {
        if (_inotify is null)
            return ErrnoMapping.ToNtStatus(_initErrno);
        int errno = PosixBackend.OpenViaProc(directory, Libc.O_PATH | Libc.O_DIRECTORY, out SafeFileDescriptor? own);
        if (errno != 0)
            return ErrnoMapping.ToNtStatus(errno);
        return AddDirectory(watch, own!, "", watch.WatchTree);
    }

    private NtStatus AddDirectory(NotifyWatch watch, SafeFileDescriptor directory, string relativePath, bool recursive)
    {
        // The watch is added through /proc/self/fd/N, a link to our own descriptor that must be
        // followed (so no IN_DONT_FOLLOW); the descriptor itself was opened without following links.
        int wd;
        using (var proc = new ProcFdPath(directory))
            wd = Libc.inotify_add_watch(_inotify!, proc.Path, WatchMask);
        if (wd < 0)
        {
            int errno = Libc.LastErrno;
            directory.Dispose();
            // ENOSPC: the per-user watch limit (fs.inotify.max_user_watches) is reached.
            return errno == Errno.ENOSPC ? NtStatus.InsufficientResources : ErrnoMapping.ToNtStatus(errno);
        }
        SafeFileDescriptor held;
        lock (_lock)
        {
            if (watch.IsClosed)
            {
                directory.Dispose();
                RemoveLocked(watch);
                return NtStatus.Success;
            }
            if (_watches.TryGetValue(wd, out WatchedDirectory? existing))
            {
                directory.Dispose();
                if (!existing.Subscriptions.Exists(s => s.Watch == watch && s.RelativePath == relativePath))
                    existing.Subscriptions.Add(new Subscription(watch, relativePath));
                held = existing.Fd;
            }
            else
            {
                var entry = new WatchedDirectory(wd, directory);
                entry.Subscriptions.Add(new Subscription(watch, relativePath));
                _watches.Add(wd, entry);
                held = directory;
            }
        }
        return recursive ? AddSubdirectories(watch, held, relativePath) : NtStatus.Success;
    }

    /// <summary>Adds watches for the subdirectories of a watched directory (not following links).</summary>
    private NtStatus AddSubdirectories(NotifyWatch watch, SafeFileDescriptor directory, string relativePath)
    {
        int errno = PosixBackend.OpenViaProc(directory, Libc.O_RDONLY | Libc.O_DIRECTORY, out SafeFileDescriptor? readable);
        if (errno != 0)
            return NtStatus.Success; // gone or unreadable: nothing below to watch
        var names = new List<string>();
        using (readable)
        {
            var reader = new DirectoryReader(readable!);
            while (reader.Read(out DirectoryEntry e, out bool end).IsSuccess && !end)
            {
                if (e.Name is not ("." or "..") && e.Type is Libc.DT_DIR or Libc.DT_UNKNOWN)
                    names.Add(e.Name);
            }
        }
        foreach (string name in names)
        {
            SafeFileDescriptor sub = Libc.openat(directory, name, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
            if (sub.IsInvalid)
                continue; // a file (DT_UNKNOWN), a link, or removed meanwhile
            NtStatus s = AddDirectory(watch, sub, Join(relativePath, name), true);
            if (s.IsError)
                return s;
        }
        return NtStatus.Success;
    }

    private static string Join(string relativePath, string name) => relativePath.Length == 0 ? name : relativePath + "\\" + name;

    /// <summary>Stops delivering to <paramref name="watch"/> and drops kernel watches nobody else uses. Any thread.</summary>
    public void Remove(NotifyWatch watch)
    {
        lock (_lock)
            RemoveLocked(watch);
    }

    private void RemoveLocked(NotifyWatch watch)
    {
        var emptied = new List<int>();
        foreach (WatchedDirectory w in _watches.Values)
        {
            w.Subscriptions.RemoveAll(s => s.Watch == watch);
            if (w.Subscriptions.Count == 0)
                emptied.Add(w.Wd);
        }
        foreach (int wd in emptied)
            Drop(wd, removeKernelWatch: true);
    }

    private void Drop(int wd, bool removeKernelWatch)
    {
        if (!_watches.Remove(wd, out WatchedDirectory? w))
            return;
        if (removeKernelWatch)
            Libc.inotify_rm_watch(_inotify!, wd);
        w.Fd.Dispose();
    }

    // ---- the watcher thread ------------------------------------------------------------------

    private unsafe void Run()
    {
        byte[] buffer = new byte[64 * 1024];
        PollFd* fds = stackalloc PollFd[2];
        while (!_stopping)
        {
            fds[0] = new PollFd { fd = _inotify!.Number, events = Libc.POLLIN };
            fds[1] = new PollFd { fd = _wake!.Number, events = Libc.POLLIN };
            if (Libc.poll(fds, 2, -1) < 0)
            {
                if (Libc.LastErrno == Errno.EINTR)
                    continue;
                return;
            }
            if (_stopping)
                return;
            if ((fds[0].revents & Libc.POLLIN) == 0)
                continue;
            nint n;
            fixed (byte* p = buffer)
                n = Libc.read(_inotify, p, (nuint)buffer.Length);
            if (n <= 0)
                continue;
            Dispatch(buffer.AsSpan(0, (int)n));
        }
    }

    private readonly record struct NewDirectory(NotifyWatch Watch, SafeFileDescriptor Parent, string Name, string RelativePath);

    /// <summary>Parses one read of struct inotify_event records and hands each subscriber its share.</summary>
    private void Dispatch(ReadOnlySpan<byte> data)
    {
        var perWatch = new Dictionary<NotifyWatch, List<RawChange>>();
        var overflowed = new HashSet<NotifyWatch>();
        var newDirectories = new List<NewDirectory>();
        lock (_lock)
        {
            int pos = 0;
            while (pos + 16 <= data.Length)
            {
                int wd = BinaryPrimitives.ReadInt32LittleEndian(data[pos..]);
                uint mask = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 4)..]);
                uint cookie = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 8)..]);
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 12)..]);
                if (length < 0 || pos + 16 + length > data.Length)
                    break;
                ReadOnlySpan<byte> nameBytes = data.Slice(pos + 16, length);
                int nul = nameBytes.IndexOf((byte)0);
                string name = Encoding.UTF8.GetString(nul >= 0 ? nameBytes[..nul] : nameBytes);
                pos += 16 + length;

                if ((mask & Libc.IN_Q_OVERFLOW) != 0)
                {
                    foreach (WatchedDirectory w in _watches.Values)
                        foreach (Subscription s in w.Subscriptions)
                            overflowed.Add(s.Watch);
                    continue;
                }
                if ((mask & Libc.IN_IGNORED) != 0)
                {
                    Drop(wd, removeKernelWatch: false);
                    continue;
                }
                if (name.Length == 0 || !_watches.TryGetValue(wd, out WatchedDirectory? watched))
                    continue; // an event on the watched directory itself is not reported
                foreach (Subscription s in watched.Subscriptions)
                {
                    string path = Join(s.RelativePath, name);
                    if (!perWatch.TryGetValue(s.Watch, out List<RawChange>? list))
                        perWatch[s.Watch] = list = new List<RawChange>();
                    list.Add(new RawChange(mask, cookie, path));
                    if (s.Watch.WatchTree && (mask & Libc.IN_ISDIR) != 0 && (mask & (Libc.IN_CREATE | Libc.IN_MOVED_TO)) != 0)
                        newDirectories.Add(new NewDirectory(s.Watch, watched.Fd, name, path));
                }
            }
            foreach ((NotifyWatch watch, List<RawChange> changes) in perWatch)
            {
                if (watch.WatchTree)
                    FollowDirectoryMoves(watch, changes);
            }
        }

        foreach (NewDirectory d in newDirectories)
        {
            // A directory moved in within the tree already has its watch; AddDirectory then only
            // records the new path once. A directory created inside a new one may have missed its
            // own creation event: AddDirectory walks it.
            SafeFileDescriptor sub = Libc.openat(d.Parent, d.Name, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
            if (!sub.IsInvalid)
                AddDirectory(d.Watch, sub, d.RelativePath, true);
        }
        foreach ((NotifyWatch watch, List<RawChange> changes) in perWatch)
            watch.Post(NotifyMapping.Convert(changes), overflowed.Remove(watch));
        foreach (NotifyWatch watch in overflowed)
            watch.Post([], overflow: true);
    }

    /// <summary>
    /// Keeps the relative paths of a tree watch right when a directory inside it is renamed (the
    /// kernel watch follows the inode), and forgets directories moved out of the tree. Under the lock.
    /// </summary>
    private void FollowDirectoryMoves(NotifyWatch watch, List<RawChange> changes)
    {
        foreach (RawChange from in changes)
        {
            if ((from.Mask & Libc.IN_ISDIR) == 0 || (from.Mask & Libc.IN_MOVED_FROM) == 0)
                continue;
            string? to = null;
            foreach (RawChange c in changes)
            {
                if ((c.Mask & Libc.IN_MOVED_TO) != 0 && c.Cookie == from.Cookie)
                    to = c.Name;
            }
            string prefix = from.Name + "\\";
            var emptied = new List<int>();
            foreach (WatchedDirectory w in _watches.Values)
            {
                for (int i = w.Subscriptions.Count - 1; i >= 0; i--)
                {
                    Subscription s = w.Subscriptions[i];
                    if (s.Watch != watch || !(s.RelativePath == from.Name || s.RelativePath.StartsWith(prefix, StringComparison.Ordinal)))
                        continue;
                    if (to is null)
                        w.Subscriptions.RemoveAt(i);
                    else
                        s.RelativePath = to + s.RelativePath[from.Name.Length..];
                }
                if (w.Subscriptions.Count == 0)
                    emptied.Add(w.Wd);
            }
            foreach (int wd in emptied)
                Drop(wd, removeKernelWatch: true);
        }
    }

    public unsafe void Dispose()
    {
        if (_inotify is null || _stopping)
            return;
        _stopping = true;
        ulong one = 1;
        Libc.write(_wake!, (byte*)&one, sizeof(ulong));
        _thread!.Join(TimeSpan.FromSeconds(5));
        lock (_lock)
        {
            foreach (WatchedDirectory w in _watches.Values)
                w.Fd.Dispose();
            _watches.Clear();
        }
        _inotify.Dispose();
        _wake!.Dispose();
    }
}
