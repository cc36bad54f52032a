using System.Collections.Concurrent;
using Ntvfs.Posix.Native;
using Protocol;
using TEvent;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// The posix NTVFS backend: serves a local directory as a share with NT semantics (create
/// dispositions, access masks, share modes, delete-on-close, byte-range locks, info classes,
/// directory enumeration, change notify, server-side copy).
/// </summary>
/// <remarks>
/// Threading: one instance serves every loop; each operation is called on the loop of the
/// connection it belongs to and completes there. Blocking system calls run in thread jobs
/// (<see cref="ThreadJob"/>): the loop never waits on disk. State shared across loops lives in
/// thread-safe tables (<see cref="ShareModeTable"/>, <see cref="ByteRangeLockTable"/>, the resume
/// keys, the inotify watcher); a waiter on another loop is woken through
/// <see cref="EventContext.PostThreaded"/>. Operation groups live in the partial files
/// PosixBackend.*.cs, one per group.
/// Counters (<see cref="OpenHandleCount"/>, <see cref="LockCount"/>, <see cref="PendingNotifyCount"/>)
/// are for tests and `status`: they return to zero once every handle is closed.
/// </remarks>
public sealed partial class PosixBackend : NtvfsBackend, IDisposable
{
    /// <summary>Default limit of open handles per SMB session (Samba's `max open files` is per process; ours per session).</summary>
    public const int DefaultMaxOpenHandlesPerSession = 16384;

    private readonly ConcurrentDictionary<ulong, int> _opensPerSession = new();
    private int _openHandles;
    private int _locks;
    private int _pendingNotifies;
    private InotifyWatcher? _watcher;
    private readonly object _watcherLock = new();

    public PosixBackend(int maxOpenHandlesPerSession = DefaultMaxOpenHandlesPerSession,
        ShareModeTable? shareModes = null, ByteRangeLockTable? locks = null, NtvfsBackend? next = null)
        : base(next)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOpenHandlesPerSession, 1);
        MaxOpenHandlesPerSession = maxOpenHandlesPerSession;
        ShareModes = shareModes ?? ShareModeTable.Shared;
        Locks = locks ?? ByteRangeLockTable.Shared;
    }

    public override string Name => "posix";

    public int MaxOpenHandlesPerSession { get; }

    /// <summary>
    /// How long a CREATE waits for the holder to acknowledge an oplock break before the break ends
    /// as if acknowledged to none (MS-SMB2 3.3.6.1; Samba's `oplock break wait`-less default is 35 s).
    /// </summary>
    public TimeSpan OplockBreakTimeout { get; init; } = DefaultOplockBreakTimeout;

    public static readonly TimeSpan DefaultOplockBreakTimeout = TimeSpan.FromSeconds(35);

    public ShareModeTable ShareModes { get; }

    public ByteRangeLockTable Locks { get; }

    /// <summary>Handles open through this backend, over all trees and sessions.</summary>
    public int OpenHandleCount => Volatile.Read(ref _openHandles);

    /// <summary>Byte-range locks held by handles of this backend.</summary>
    public int LockCount => Volatile.Read(ref _locks);

    /// <summary>CHANGE_NOTIFY requests waiting for a change.</summary>
    public int PendingNotifyCount => Volatile.Read(ref _pendingNotifies);

    /// <summary>Directories under an inotify watch for CHANGE_NOTIFY (a tree watch counts every directory in it).</summary>
    public int WatchedDirectoryCount
    {
        get
        {
            lock (_watcherLock)
                return _watcher?.WatchCount ?? 0;
        }
    }

    /// <summary>Descriptors of closed handles on their way to close(2) (see <see cref="DeferredClose"/>).</summary>
    internal DeferredClose DeferredCloses { get; } = new();

    internal void AdjustLockCount(int delta) => Interlocked.Add(ref _locks, delta);

    internal void AdjustPendingNotifies(int delta) => Interlocked.Add(ref _pendingNotifies, delta);

    // ---- tree connect ------------------------------------------------------------------------

    /// <summary>
    /// Opens the share root (in a thread job: the path may be on a slow or hung file system).
    /// A missing or inaccessible path, or one that is not a directory, is STATUS_BAD_NETWORK_NAME.
    /// </summary>
    public override TeventReq ConnectSend(NtvfsRequest r)
    {
        NtvfsTree tree = r.Tree;
        NtvfsShareOptions options = tree.Share;
        return PosixJob.SendMapped<PosixShare?, bool>(r.Ev, () =>
        {
            if (string.IsNullOrEmpty(options.Path))
                return Outcome<PosixShare?>.Fail(NtStatus.BadNetworkName);
            NtStatus status = ShareRoot.Open(options.Path, PosixShare.RootOptions(options), out ShareRoot? root);
            if (status.IsError)
                return Outcome<PosixShare?>.Fail(NtStatus.BadNetworkName);
            // The root must be usable: a directory we may stat.
            status = FileStatus.Get(root!.RootFd, out FileStatus st);
            if (status.IsError || !st.IsDirectory)
            {
                root.Dispose();
                return Outcome<PosixShare?>.Fail(NtStatus.BadNetworkName);
            }
            var dos = new DosAttributes(options.HideDotFiles);
            long created = dos.Load(root.RootFd, st, ".", out DosInfo info).IsError
                ? st.FallbackCreationFileTime : info.CreationTime;
            VolumeSerial.GetSerial64(root.RootFd, out ulong serial);
            return new Outcome<PosixShare?>(NtStatus.Success, new PosixShare(options, root, created, serial));
        },
        onLoop: o =>
        {
            if (o.Status.IsError)
                return Outcome<bool>.Fail(o.Status);
            tree.BackendState = o.Result;
            return new Outcome<bool>(NtStatus.Success, true);
        },
        abandon: o => o.Result?.Dispose(),
        location: "posix connect");
    }

    /// <summary>
    /// Releases the share root. The SMB layer closes handles first; any left (a bug there) are
    /// released here without their delete-on-close, and logged by the count they leave behind.
    /// </summary>
    public override TeventReq DisconnectSend(NtvfsRequest r)
    {
        if (r.Tree.BackendState is PosixShare share)
        {
            if (share.Handles.Count > 0)
                PosixBackendLog.HandlesLeftOpen(r.Ev.Logger, share.Options.ShareName, share.Handles.Count);
            foreach (PosixHandle h in share.Handles.ToArray())
                Abandon(h);
            share.Handles.Clear();
            r.Tree.BackendState = null;
            share.Dispose();
        }
        return NtvfsOp.Post(r.Ev, NtStatus.Success, true);
    }

    public override TeventReq LogoffSend(NtvfsRequest r)
    {
        _opensPerSession.TryRemove(r.Session.SessionId, out _);
        return NtvfsOp.Post(r.Ev, NtStatus.Success, true);
    }

    // ---- helpers shared by the operation groups ------------------------------------------------

    /// <summary>The tree's share, or null when the tree is not connected to this backend.</summary>
    private static PosixShare? ShareOf(NtvfsRequest r) => r.Tree.BackendState as PosixShare;

    /// <summary>
    /// The handle as this backend's, still open: STATUS_FILE_CLOSED for a closed one and
    /// STATUS_INVALID_HANDLE for a foreign one.
    /// </summary>
    private static NtStatus Check(NtvfsHandle h, out PosixHandle handle)
    {
        handle = null!;
        if (h is not PosixHandle ph)
            return NtStatus.InvalidHandle;
        if (ph.IsClosed)
            return NtStatus.FileClosed;
        handle = ph;
        return NtStatus.Success;
    }

    private bool TryReserveOpen(ulong sessionId)
    {
        while (true)
        {
            int current = _opensPerSession.GetOrAdd(sessionId, 0);
            if (current >= MaxOpenHandlesPerSession)
                return false;
            if (_opensPerSession.TryUpdate(sessionId, current + 1, current))
                return true;
        }
    }

    private void ReleaseOpen(ulong sessionId)
    {
        while (_opensPerSession.TryGetValue(sessionId, out int current) && current > 0)
        {
            if (_opensPerSession.TryUpdate(sessionId, current - 1, current))
                return;
        }
    }

    /// <summary>The inotify watcher, started by the first CHANGE_NOTIFY.</summary>
    internal InotifyWatcher Watcher
    {
        get
        {
            lock (_watcherLock)
                return _watcher ??= new InotifyWatcher();
        }
    }

    /// <summary>Stops the inotify thread. Call when the server shuts down, after the last tree is gone.</summary>
    public void Dispose()
    {
        DeferredCloses.Dispose();
        lock (_watcherLock)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
    }
}
