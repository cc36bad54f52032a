namespace Ntvfs.Posix.Backend;

/// <summary>
/// The process-wide table of SMB byte-range locks (MS-FSA Stream.ByteRangeLockList), keyed by
/// <see cref="FileId"/>, with the queue of blocking lock requests waiting for a range.
/// </summary>
/// <remarks>
/// Semantics (MS-FSA 2.1.4.10, 2.1.5.8, 2.1.5.9): offsets and lengths are 64-bit unsigned; the range
/// {0, 0} conflicts with nothing; a zero-length range at X overlaps a lock only when X lies strictly
/// inside it; an exclusive lock conflicts with everything of another owner, and with a new exclusive
/// lock of its own owner (a shared lock may stack on the owner's exclusive one); a shared lock
/// conflicts with any access of exclusive intent, the owner's own writes included. Unlock must name
/// exactly a held range of the same owner.
/// These are the server's own, mandatory-for-SMB locks; local processes do not see them.
/// Thread-safe: one lock guards everything; waiters are told of a grant only after it is released
/// (<see cref="LockWaiter.Granted"/> may post to another loop, and must not do so under our lock).
/// </remarks>
public sealed class ByteRangeLockTable
{
    private readonly object _lock = new();
    private readonly Dictionary<FileId, FileLocks> _files = new();
    private int _count;

    /// <summary>The table every backend uses unless given its own.</summary>
    public static ByteRangeLockTable Shared { get; } = new();

    /// <summary>Locks held, over all files.</summary>
    public int Count
    {
        get { lock (_lock) return _count; }
    }

    /// <summary>Blocking requests waiting, over all files.</summary>
    public int WaiterCount
    {
        get
        {
            lock (_lock)
            {
                int n = 0;
                foreach (FileLocks f in _files.Values)
                    n += f.Waiters.Count;
                return n;
            }
        }
    }

    private readonly record struct Held(object Owner, ulong Offset, ulong Length, bool Exclusive);

    private sealed class FileLocks
    {
        public readonly List<Held> Locks = new();
        public readonly List<LockWaiter> Waiters = new();
        public bool IsEmpty => Locks.Count == 0 && Waiters.Count == 0;
    }

    /// <summary>MS-FSA 2.1.5.8: a range whose last byte is past 2^64 - 1 is STATUS_INVALID_LOCK_RANGE.</summary>
    public static bool IsValidRange(ulong offset, ulong length) => length == 0 || offset + length - 1 >= offset;

    /// <summary>MS-FSA 2.1.4.10 for a READ (<paramref name="write"/> false) or WRITE by <paramref name="owner"/>.</summary>
    public bool ConflictsWithIo(FileId id, object owner, ulong offset, ulong length, bool write)
    {
        lock (_lock)
            return _files.TryGetValue(id, out FileLocks? f) && Conflicts(f.Locks, owner, offset, length, write, lockIntent: false);
    }

    /// <summary>Takes the lock if nothing conflicts (MS-FSA 2.1.5.8 with FailImmediately).</summary>
    public bool TryLock(FileId id, object owner, ulong offset, ulong length, bool exclusive)
    {
        lock (_lock)
        {
            if (!_files.TryGetValue(id, out FileLocks? f))
            {
                f = new FileLocks();
                _files.Add(id, f);
            }
            if (Conflicts(f.Locks, owner, offset, length, exclusive, lockIntent: true))
            {
                if (f.IsEmpty)
                    _files.Remove(id);
                return false;
            }
            f.Locks.Add(new Held(owner, offset, length, exclusive));
            _count++;
            return true;
        }
    }

    /// <summary>
    /// Takes the lock now (true), or queues <paramref name="waiter"/> until it can be granted
    /// (false); <see cref="LockWaiter.Granted"/> then reports the grant, the lock already held.
    /// </summary>
    public bool LockOrWait(FileId id, LockWaiter waiter)
    {
        lock (_lock)
        {
            if (!_files.TryGetValue(id, out FileLocks? f))
            {
                f = new FileLocks();
                _files.Add(id, f);
            }
            if (!Conflicts(f.Locks, waiter.Owner, waiter.Offset, waiter.Length, waiter.Exclusive, lockIntent: true))
            {
                f.Locks.Add(new Held(waiter.Owner, waiter.Offset, waiter.Length, waiter.Exclusive));
                _count++;
                return true;
            }
            f.Waiters.Add(waiter);
            return false;
        }
    }

    /// <summary>Removes a queued waiter; false when it is not queued (already granted, or never queued).</summary>
    public bool CancelWait(FileId id, LockWaiter waiter)
    {
        lock (_lock)
        {
            if (!_files.TryGetValue(id, out FileLocks? f) || !f.Waiters.Remove(waiter))
                return false;
            if (f.IsEmpty)
                _files.Remove(id);
            return true;
        }
    }

    /// <summary>MS-FSA 2.1.5.9: removes the lock with exactly this range and owner; false (STATUS_RANGE_NOT_LOCKED) if none.</summary>
    public bool Unlock(FileId id, object owner, ulong offset, ulong length)
    {
        List<LockWaiter>? granted;
        lock (_lock)
        {
            if (!_files.TryGetValue(id, out FileLocks? f))
                return false;
            int found = -1;
            for (int i = 0; i < f.Locks.Count; i++)
            {
                Held l = f.Locks[i];
                if (l.Offset != offset || l.Length != length || !ReferenceEquals(l.Owner, owner))
                    continue;
                found = i;
                // An exclusive lock is removed before shared ones stacked on the same range.
                if (l.Exclusive)
                    break;
            }
            if (found < 0)
                return false;
            f.Locks.RemoveAt(found);
            _count--;
            granted = GrantWaiters(id, f);
        }
        Notify(granted);
        return true;
    }

    /// <summary>Removes every lock of <paramref name="owner"/> on the file (close); returns how many.</summary>
    public int ReleaseAll(FileId id, object owner)
    {
        List<LockWaiter>? granted;
        int removed;
        lock (_lock)
        {
            if (!_files.TryGetValue(id, out FileLocks? f))
                return 0;
            removed = f.Locks.RemoveAll(l => ReferenceEquals(l.Owner, owner));
            _count -= removed;
            granted = removed > 0 ? GrantWaiters(id, f) : null;
            if (f.IsEmpty)
                _files.Remove(id);
        }
        Notify(granted);
        return removed;
    }

    /// <summary>Grants queued waiters, first come first served, that no longer conflict. Under the lock.</summary>
    private List<LockWaiter>? GrantWaiters(FileId id, FileLocks f)
    {
        List<LockWaiter>? granted = null;
        for (int i = 0; i < f.Waiters.Count; i++)
        {
            LockWaiter w = f.Waiters[i];
            if (Conflicts(f.Locks, w.Owner, w.Offset, w.Length, w.Exclusive, lockIntent: true))
                continue;
            f.Locks.Add(new Held(w.Owner, w.Offset, w.Length, w.Exclusive));
            _count++;
            f.Waiters.RemoveAt(i);
            i--;
            (granted ??= new List<LockWaiter>()).Add(w);
        }
        if (f.IsEmpty)
            _files.Remove(id);
        return granted;
    }

    private static void Notify(List<LockWaiter>? granted)
    {
        if (granted is null)
            return;
        foreach (LockWaiter w in granted)
            w.Granted();
    }

    /// <summary>MS-FSA 2.1.4.10: does the range conflict with the held locks?</summary>
    private static bool Conflicts(List<Held> locks, object owner, ulong offset, ulong length, bool exclusive, bool lockIntent)
    {
        if (offset == 0 && length == 0)
            return false;
        foreach (Held l in locks)
        {
            if (l.Offset == 0 && l.Length == 0)
                continue;
            // Unsigned wrap-around is intended: a zero-length range at X ends at X - 1.
            ulong last1 = unchecked(offset + length - 1);
            ulong last2 = unchecked(l.Offset + l.Length - 1);
            if (offset > last2 || last1 < l.Offset)
                continue;
            if (l.Exclusive)
            {
                if (!ReferenceEquals(l.Owner, owner))
                    return true;
                // Overlapping exclusive locks are not allowed even for the same owner.
                if (exclusive && lockIntent)
                    return true;
            }
            else if (exclusive)
            {
                // A shared lock blocks all access with exclusive intent, the owner's included.
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// A blocking lock request queued in a <see cref="ByteRangeLockTable"/>: the range it wants and the
/// callback that reports its grant.
/// </summary>
public abstract class LockWaiter
{
    protected LockWaiter(object owner) => Owner = owner;

    public object Owner { get; }
    public ulong Offset { get; protected set; }
    public ulong Length { get; protected set; }
    public bool Exclusive { get; protected set; }

    /// <summary>
    /// The lock is now held for this waiter. Called on whatever thread released the conflicting lock,
    /// outside the table's lock; implementations hand the news to their own loop.
    /// </summary>
    protected internal abstract void Granted();
}
