using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Tests.Posix;

public sealed class FileTimeTests : IDisposable
{
    private readonly TestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void EpochAndKnownDates()
    {
        Assert.Equal(FileTime.UnixEpoch, new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).ToFileTimeUtc());
        Assert.Equal(FileTime.UnixEpoch, FileTime.FromUnix(0, 0));
        var date = new DateTime(2024, 2, 29, 12, 34, 56, DateTimeKind.Utc).AddTicks(1234567);
        long unixSeconds = new DateTimeOffset(date).ToUnixTimeSeconds();
        Assert.Equal(date.ToFileTimeUtc(), FileTime.FromUnix(unixSeconds, 123_456_700));
        // Sub-100ns precision is truncated.
        Assert.Equal(date.ToFileTimeUtc(), FileTime.FromUnix(unixSeconds, 123_456_799));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(FileTime.UnixEpoch - 1)]
    [InlineData(FileTime.UnixEpoch)]
    [InlineData(FileTime.UnixEpoch + 1)]
    [InlineData(133_500_000_000_000_000L)]
    public void TimespecRoundTrip(long fileTime)
    {
        Timespec ts = FileTime.ToTimespec(fileTime);
        Assert.InRange(ts.tv_nsec, 0, 999_999_999);
        Assert.Equal(fileTime, FileTime.FromUnix(ts.tv_sec, ts.tv_nsec));
    }

    [Fact]
    public void BeforeTheEpochFloors()
    {
        Timespec ts = FileTime.ToTimespec(FileTime.UnixEpoch - 1);
        Assert.Equal(-1, ts.tv_sec);
        Assert.Equal(999_999_900, ts.tv_nsec);
    }

    [Fact]
    public void OutOfRangeSaturates()
    {
        Assert.Equal(0, FileTime.FromUnix(-20_000_000_000L, 0));
        Assert.Equal(long.MaxValue, FileTime.FromUnix(long.MaxValue / 2, 0));
    }

    [Theory]
    [InlineData(0L, FileTimeSetting.Unchanged, true)]
    [InlineData(-1L, FileTimeSetting.UnchangedAndStopAutoUpdate, true)]
    [InlineData(-2L, FileTimeSetting.ResumeAutoUpdate, true)]
    [InlineData(-3L, FileTimeSetting.Set, false)]
    [InlineData(long.MinValue, FileTimeSetting.Set, false)]
    [InlineData(1L, FileTimeSetting.Set, true)]
    [InlineData(133_500_000_000_000_000L, FileTimeSetting.Set, true)]
    public void ClassifiesSetValues(long value, FileTimeSetting expected, bool valid)
    {
        NtStatus status = FileTime.Classify(value, out FileTimeSetting setting);
        Assert.Equal(valid ? NtStatus.Success : NtStatus.InvalidParameter, status);
        if (valid)
            Assert.Equal(expected, setting);
    }

    [Fact]
    public unsafe void UtimensArgumentsSetAndOmit()
    {
        _tree.File_("f.txt");
        using SafeFileDescriptor fd = Libc.openat(SafeFileDescriptor.CurrentDirectory, _tree.InShare("f.txt"),
            Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        Assert.Equal(NtStatus.Success, FileStatus.Get(fd, out FileStatus before));

        long wanted = new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc).ToFileTimeUtc() + 5;
        Timespec* times = stackalloc Timespec[2];
        times[0] = FileTime.ToUtimensArgument(0);       // atime: unchanged
        times[1] = FileTime.ToUtimensArgument(wanted);  // mtime: set
        Assert.Equal(Libc.UTIME_OMIT, times[0].tv_nsec);
        Assert.Equal(0, Libc.futimens(fd, times));

        Assert.Equal(NtStatus.Success, FileStatus.Get(fd, out FileStatus after));
        Assert.Equal(wanted, after.LastWriteFileTime);
        Assert.Equal(before.LastAccessFileTime, after.LastAccessFileTime);
        Assert.Equal(Libc.UTIME_OMIT, FileTime.ToUtimensArgument(-1).tv_nsec);
        Assert.Equal(Libc.UTIME_OMIT, FileTime.ToUtimensArgument(-2).tv_nsec);
    }
}
