using Ntvfs.Posix.Native;

namespace Ntvfs.Posix;

/// <summary>
/// What the DOS attribute xattr of a file held when it was last read, keyed by the file's identity
/// and valid while its ctime is unchanged, so that an open of an unchanged file (every CREATE reads
/// the attributes) makes no xattr call. Direct-mapped, fixed size, lock-free; thread-safe (thread
/// jobs look up and fill it in parallel).
/// </summary>
/// <remarks>
/// Why ctime is a sound validator: setting an xattr, chmod (which the attributes derive from when no
/// record is stored) and every other inode change move ctime, whoever makes them. The one gap is a
/// clock tick: on file systems with coarse timestamps two changes within one tick leave ctime the
/// same. As git does for its index ("racy" entries), a value is cached only when it was read at
/// least <see cref="RacyWindowNs"/> after the ctime it is stored with: any later change then happens
/// in a later tick and gets another ctime. The server's own stores also invalidate their entry.
/// Collisions just replace the slot: a miss costs one xattr read, never a wrong answer (the key
/// and the ctime are compared in full).
/// </remarks>
internal sealed class DosRecordCache
{
    /// <summary>Longer than any timestamp granularity of Linux file systems (jiffies: up to 10 ms).</summary>
    public const long RacyWindowNs = 50_000_000;

    private sealed class Entry(FileId id, StatxTimestamp changeTime, DosAttributeRecord? record)
    {
        public readonly FileId Id = id;
        public readonly long ChangeSeconds = changeTime.tv_sec;
        public readonly uint ChangeNanoseconds = changeTime.tv_nsec;
        public readonly DosAttributeRecord? Record = record;
    }

    private readonly Entry?[] _slots;
    private readonly int _mask;
    private readonly TimeProvider _clock;

    /// <param name="size">Number of slots, rounded up to a power of two.</param>
    /// <param name="clock">Wall clock to compare ctimes with; tests pass a fake one.</param>
    public DosRecordCache(int size = 4096, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        int n = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)size);
        _slots = new Entry?[n];
        _mask = n - 1;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// The record read for the file whose current statx is <paramref name="status"/>, if it is
    /// cached and the file has not changed since; <paramref name="record"/> null means "no record".
    /// </summary>
    public bool TryGet(in FileStatus status, out DosAttributeRecord? record)
    {
        Entry? e = Volatile.Read(ref _slots[SlotOf(status.Device, status.Inode)]);
        if (e is not null && e.Id.Inode == status.Inode && e.Id.Device == status.Device
            && e.ChangeSeconds == status.ChangeTime.tv_sec && e.ChangeNanoseconds == status.ChangeTime.tv_nsec)
        {
            record = e.Record;
            return true;
        }
        record = null;
        return false;
    }

    /// <summary>Remembers what was read for the file with statx <paramref name="status"/>, unless its ctime is too recent to trust.</summary>
    public void Store(in FileStatus status, DosAttributeRecord? record)
    {
        long nowNs = (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        long ctimeNs = status.ChangeTime.tv_sec * 1_000_000_000 + status.ChangeTime.tv_nsec;
        if (nowNs - ctimeNs < RacyWindowNs)
            return;
        Volatile.Write(ref _slots[SlotOf(status.Device, status.Inode)],
            new Entry(new FileId(status.Device, status.Inode), status.ChangeTime, record));
    }

    /// <summary>Forgets the file (before the server changes its attributes).</summary>
    public void Invalidate(in FileStatus status)
        => Volatile.Write(ref _slots[SlotOf(status.Device, status.Inode)], null);

    private int SlotOf(ulong device, ulong inode)
        => (int)((inode * 0x9E3779B97F4A7C15UL ^ device) >> 20) & _mask;
}
