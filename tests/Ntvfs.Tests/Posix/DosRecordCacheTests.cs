using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Tests.Posix;

public sealed class DosRecordCacheTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    /// <summary>A wall clock that says <see cref="Now"/> plus whatever the test moves it on by.</summary>
    private sealed class FixedClock : TimeProvider
    {
        public DateTimeOffset UtcNow = Now;
        public override DateTimeOffset GetUtcNow() => UtcNow;
    }

    /// <summary>Counts the xattr reads that reach the (real) file system.</summary>
    private sealed class CountingXattrs : IXattrAccess
    {
        public int Gets;

        public int Get(SafeFileDescriptor fd, string name, Span<byte> value, out int length)
        {
            Gets++;
            return ExtendedAttributes.Instance.Get(fd, name, value, out length);
        }

        public int Set(SafeFileDescriptor fd, string name, ReadOnlySpan<byte> value, int flags)
            => ExtendedAttributes.Instance.Set(fd, name, value, flags);

        public int Remove(SafeFileDescriptor fd, string name) => ExtendedAttributes.Instance.Remove(fd, name);
    }

    private static FileStatus StatusChangedAt(DateTimeOffset changed, ulong inode = 42) => new()
    {
        Device = 7,
        Inode = inode,
        Mode = Libc.S_IFREG | 0b110_100_100,
        ChangeTime = new StatxTimestamp
        {
            tv_sec = changed.ToUnixTimeSeconds(),
            tv_nsec = (uint)((changed - DateTimeOffset.FromUnixTimeSeconds(changed.ToUnixTimeSeconds())).Ticks * 100 + 123),
        },
    };

    [Fact]
    public void AnUnchangedFileIsAHitAndAnyCtimeChangeAMiss()
    {
        var cache = new DosRecordCache(16, new FixedClock());
        FileStatus st = StatusChangedAt(Now.AddMinutes(-1));
        var record = new DosAttributeRecord(FileAttributes.Hidden | FileAttributes.Archive, 1234);
        Assert.False(cache.TryGet(st, out _));

        cache.Store(st, record);
        Assert.True(cache.TryGet(st, out DosAttributeRecord? hit));
        Assert.Equal(record, hit);

        var touched = st with { ChangeTime = new StatxTimestamp { tv_sec = st.ChangeTime.tv_sec, tv_nsec = st.ChangeTime.tv_nsec + 1 } };
        Assert.False(cache.TryGet(touched, out _));
        Assert.False(cache.TryGet(st with { Inode = 43 }, out _));
        Assert.False(cache.TryGet(st with { Device = 8 }, out _));
    }

    [Fact]
    public void NoStoredRecordIsCachedAsSuch()
    {
        var cache = new DosRecordCache(16, new FixedClock());
        FileStatus st = StatusChangedAt(Now.AddSeconds(-10));
        cache.Store(st, null);
        Assert.True(cache.TryGet(st, out DosAttributeRecord? record));
        Assert.Null(record);
    }

    [Fact]
    public void AValueReadWithinTheRacyWindowOfItsCtimeIsNotKept()
    {
        // A change in the same timestamp tick as the read could leave ctime as it is: not trusted.
        var clock = new FixedClock();
        var cache = new DosRecordCache(16, clock);
        FileStatus st = StatusChangedAt(Now.AddMilliseconds(-10));
        cache.Store(st, null);
        Assert.False(cache.TryGet(st, out _));

        clock.UtcNow = Now.AddSeconds(1);
        cache.Store(st, null);
        Assert.True(cache.TryGet(st, out _));
    }

    [Fact]
    public void InvalidateForgetsTheFile()
    {
        var cache = new DosRecordCache(16, new FixedClock());
        FileStatus st = StatusChangedAt(Now.AddHours(-1));
        cache.Store(st, null);
        cache.Invalidate(st);
        Assert.False(cache.TryGet(st, out _));
    }

    [Fact]
    public void ACollidingFileReplacesTheSlotAndNeverAnswersForAnother()
    {
        var cache = new DosRecordCache(1, new FixedClock());
        FileStatus a = StatusChangedAt(Now.AddHours(-1), inode: 1);
        FileStatus b = StatusChangedAt(Now.AddHours(-1), inode: 2);
        cache.Store(a, new DosAttributeRecord(FileAttributes.ReadOnly, null));
        cache.Store(b, null);
        Assert.False(cache.TryGet(a, out _));
        Assert.True(cache.TryGet(b, out DosAttributeRecord? record));
        Assert.Null(record);
    }

    [Fact]
    public void LoadReadsTheXattrOnceWhileTheFileIsUnchangedAndAgainAfterAStore()
    {
        _tree.File_("cached.txt");
        using SafeFileDescriptor fd = Libc.openat(SafeFileDescriptor.CurrentDirectory, _tree.InShare("cached.txt"),
            Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        Assert.False(fd.IsInvalid);
        var clock = new FixedClock { UtcNow = DateTimeOffset.UtcNow.AddMinutes(1) };
        var xattrs = new CountingXattrs();
        var dos = new DosAttributes(xattrs, hideDotFiles: false, new DosRecordCache(16, clock));
        Assert.Equal(NtStatus.Success, FileStatus.Get(fd, out FileStatus st));

        Assert.Equal(NtStatus.Success, dos.Load(fd, st, "cached.txt", out DosInfo first));
        Assert.Equal(NtStatus.Success, dos.Load(fd, st, "cached.txt", out DosInfo second));
        Assert.Equal(1, xattrs.Gets);
        Assert.Equal(first, second);

        // Our own store forgets the entry even if the file system kept ctime as it was.
        Assert.Equal(NtStatus.Success, dos.Store(fd, st, FileAttributes.Hidden, null));
        int afterStore = xattrs.Gets;
        Assert.Equal(NtStatus.Success, dos.Load(fd, st, "cached.txt", out DosInfo third));
        Assert.Equal(afterStore + 1, xattrs.Gets);
        Assert.True(!third.Stored || (third.Attributes & FileAttributes.Hidden) != 0);
    }
}
