using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Tests.Posix;

public sealed class DosAttributesTests : IDisposable
{
    private readonly TestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private SafeFileDescriptor OpenFile(string relative, int flags = Libc.O_RDONLY)
    {
        SafeFileDescriptor fd = Libc.openat(SafeFileDescriptor.CurrentDirectory, _tree.InShare(relative),
            flags | Libc.O_CLOEXEC, 0);
        Assert.False(fd.IsInvalid, $"open errno {Libc.LastErrno}");
        return fd;
    }

    private static FileStatus Stat(SafeFileDescriptor fd)
    {
        Assert.Equal(NtStatus.Success, FileStatus.Get(fd, out FileStatus st));
        return st;
    }

    private static bool XattrsWork(SafeFileDescriptor fd)
    {
        Span<byte> probe = stackalloc byte[1];
        return ExtendedAttributes.Instance.Set(fd, "user.smbserver.probe", probe, 0) == 0
            && ExtendedAttributes.Instance.Remove(fd, "user.smbserver.probe") == 0;
    }

    [Fact]
    public void WithoutAStoredValueAttributesComeFromTheMode()
    {
        _tree.File_("plain.txt");
        _tree.Dir("folder");
        var dos = new DosAttributes();

        using SafeFileDescriptor file = OpenFile("plain.txt");
        FileStatus st = Stat(file);
        Assert.Equal(NtStatus.Success, dos.Load(file, st, "plain.txt", out DosInfo info));
        Assert.Equal(FileAttributes.Archive, info.Attributes);
        Assert.False(info.Stored);
        Assert.Equal(st.FallbackCreationFileTime, info.CreationTime);
        if (st.HasBirthTime)
            Assert.Equal(FileTime.FromStatx(st.BirthTime), info.CreationTime);

        using SafeFileDescriptor dir = OpenFile("folder", Libc.O_RDONLY | Libc.O_DIRECTORY);
        Assert.Equal(NtStatus.Success, dos.Load(dir, Stat(dir), "folder", out DosInfo dirInfo));
        Assert.Equal(FileAttributes.Directory, dirInfo.Attributes);

        Assert.Equal(0, Libc.fchmodat(SafeFileDescriptor.CurrentDirectory, _tree.InShare("plain.txt"), 0b100_100_000, 0));
        Assert.Equal(NtStatus.Success, dos.Load(file, Stat(file), "plain.txt", out DosInfo ro));
        Assert.Equal(FileAttributes.Archive | FileAttributes.ReadOnly, ro.Attributes);
    }

    [Fact]
    public void StoredAttributesAndCreationTimeRoundTrip()
    {
        _tree.File_("f.txt");
        var dos = new DosAttributes();
        using SafeFileDescriptor fd = OpenFile("f.txt");
        FileStatus st = Stat(fd);
        long creation = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).ToFileTimeUtc() + 1234;
        var wanted = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReadOnly;

        Assert.Equal(NtStatus.Success, dos.Store(fd, st, wanted | FileAttributes.Directory | FileAttributes.Normal, creation));
        Assert.Equal(NtStatus.Success, dos.Load(fd, Stat(fd), "f.txt", out DosInfo info));

        if (XattrsWork(fd))
        {
            Assert.True(info.Stored);
            Assert.Equal(wanted, info.Attributes); // DIRECTORY and NORMAL are never stored
            Assert.Equal(creation, info.CreationTime);

            // Changing only the attributes keeps the creation time, and the reverse.
            Assert.Equal(NtStatus.Success, dos.Store(fd, Stat(fd), FileAttributes.Archive, null));
            Assert.Equal(NtStatus.Success, dos.Load(fd, Stat(fd), "f.txt", out info));
            Assert.Equal(FileAttributes.Archive, info.Attributes);
            Assert.Equal(creation, info.CreationTime);
            Assert.Equal(NtStatus.Success, dos.Store(fd, Stat(fd), null, creation + 1));
            Assert.Equal(NtStatus.Success, dos.Load(fd, Stat(fd), "f.txt", out info));
            Assert.Equal(FileAttributes.Archive, info.Attributes);
            Assert.Equal(creation + 1, info.CreationTime);

            // No attribute at all reads back as NORMAL (MS-FSCC 2.6).
            Assert.Equal(NtStatus.Success, dos.Store(fd, Stat(fd), 0, null));
            Assert.Equal(NtStatus.Success, dos.Load(fd, Stat(fd), "f.txt", out info));
            Assert.Equal(FileAttributes.Normal, info.Attributes);

            // The value on disk is our documented 16-byte format.
            Span<byte> raw = stackalloc byte[64];
            Assert.Equal(0, ExtendedAttributes.Instance.Get(fd, DosAttributes.XattrName, raw, out int length));
            Assert.Equal(DosAttributeRecord.Size, length);
            Assert.Equal(1, raw[0]);
        }
        else
        {
            // No user xattrs here: only READONLY persists, through the mode.
            Assert.False(info.Stored);
            Assert.True(info.Attributes.HasFlag(FileAttributes.ReadOnly));
        }
    }

    [Fact]
    public void WorksThroughOPathDescriptorsAndOnDirectories()
    {
        _tree.Dir("folder");
        var dos = new DosAttributes();
        using SafeFileDescriptor fd = OpenFile("folder", Libc.O_PATH | Libc.O_DIRECTORY);
        if (!XattrsWork(fd))
            return;
        Assert.Equal(NtStatus.Success, dos.Store(fd, Stat(fd), FileAttributes.Hidden | FileAttributes.Temporary, null));
        Assert.Equal(NtStatus.Success, dos.Load(fd, Stat(fd), "folder", out DosInfo info));
        // TEMPORARY is not valid on a directory; DIRECTORY always comes from the mode.
        Assert.Equal(FileAttributes.Hidden | FileAttributes.Directory, info.Attributes);
    }

    [Fact]
    public void HideDotFiles()
    {
        _tree.File_(".profile");
        using SafeFileDescriptor fd = OpenFile(".profile");
        Assert.Equal(NtStatus.Success, new DosAttributes(hideDotFiles: true).Load(fd, Stat(fd), ".profile", out DosInfo hidden));
        Assert.Equal(FileAttributes.Archive | FileAttributes.Hidden, hidden.Attributes);
        Assert.Equal(NtStatus.Success, new DosAttributes(hideDotFiles: false).Load(fd, Stat(fd), ".profile", out DosInfo shown));
        Assert.Equal(FileAttributes.Archive, shown.Attributes);
    }

    [Fact]
    public void ForeignOrCorruptValuesAreIgnored()
    {
        _tree.File_("f.txt");
        using SafeFileDescriptor fd = OpenFile("f.txt");
        if (!XattrsWork(fd))
            return;
        var dos = new DosAttributes();
        Assert.Equal(0, ExtendedAttributes.Instance.Set(fd, DosAttributes.XattrName, [1, 2, 3], 0));
        Assert.Equal(NtStatus.Success, dos.Load(fd, Stat(fd), "f.txt", out DosInfo info));
        Assert.False(info.Stored);
        Assert.Equal(FileAttributes.Archive, info.Attributes);
        // A store replaces the bad value.
        Assert.Equal(NtStatus.Success, dos.Store(fd, Stat(fd), FileAttributes.Hidden, null));
        Assert.Equal(NtStatus.Success, dos.Load(fd, Stat(fd), "f.txt", out info));
        Assert.True(info.Stored);
        Assert.Equal(FileAttributes.Hidden, info.Attributes);
    }

    /// <summary>A file system without user xattrs (EOPNOTSUPP for every call).</summary>
    private sealed class NoXattrs : IXattrAccess
    {
        public int Get(SafeFileDescriptor fd, string name, Span<byte> value, out int length)
        {
            length = 0;
            return Errno.EOPNOTSUPP;
        }

        public int Set(SafeFileDescriptor fd, string name, ReadOnlySpan<byte> value, int flags) => Errno.EOPNOTSUPP;

        public int Remove(SafeFileDescriptor fd, string name) => Errno.EOPNOTSUPP;
    }

    [Fact]
    public void WithoutXattrSupportReadOnlyGoesThroughTheMode()
    {
        _tree.File_("f.txt");
        var dos = new DosAttributes(new NoXattrs(), hideDotFiles: false);
        using SafeFileDescriptor fd = OpenFile("f.txt", Libc.O_PATH);

        Assert.Equal(NtStatus.Success, dos.Load(fd, Stat(fd), "f.txt", out DosInfo info));
        Assert.Equal(FileAttributes.Archive, info.Attributes);
        Assert.False(info.Stored);

        Assert.Equal(NtStatus.Success, dos.Store(fd, Stat(fd), FileAttributes.ReadOnly | FileAttributes.Hidden, 12345));
        Assert.Equal(0u, Stat(fd).Mode & Libc.S_IWUGO);
        Assert.Equal(NtStatus.Success, dos.Load(fd, Stat(fd), "f.txt", out info));
        Assert.Equal(FileAttributes.Archive | FileAttributes.ReadOnly, info.Attributes); // HIDDEN is lost
        Assert.NotEqual(12345, info.CreationTime);

        Assert.Equal(NtStatus.Success, dos.Store(fd, Stat(fd), FileAttributes.Archive, null));
        Assert.NotEqual(0u, Stat(fd).Mode & 0b010_000_000u);
        Assert.Equal(NtStatus.Success, dos.Load(fd, Stat(fd), "f.txt", out info));
        Assert.Equal(FileAttributes.Archive, info.Attributes);
    }

    [Fact]
    public void RecordRoundTripsAtAnOffset()
    {
        var record = new DosAttributeRecord(FileAttributes.Hidden | FileAttributes.Archive, 0x01D2_3456_789A_BCDEL);
        byte[] buffer = new byte[40];
        record.Write(buffer.AsSpan(7));
        Assert.True(DosAttributeRecord.TryParse(buffer.AsSpan(7, DosAttributeRecord.Size), out DosAttributeRecord back, out NtStatus error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(record, back);
        // Fields appended by a later revision of version 1 are tolerated.
        Assert.True(DosAttributeRecord.TryParse(buffer.AsSpan(7, 30), out back, out _));
        Assert.Equal(record, back);

        var noTime = new DosAttributeRecord(FileAttributes.ReadOnly, null);
        noTime.Write(buffer);
        Assert.True(DosAttributeRecord.TryParse(buffer.AsSpan(0, DosAttributeRecord.Size), out back, out _));
        Assert.Null(back.CreationTime);
        Assert.Equal(FileAttributes.ReadOnly, back.Attributes);
    }

    [Fact]
    public void RecordRejectsTruncatedAndUnknownVersions()
    {
        byte[] buffer = new byte[DosAttributeRecord.Size];
        new DosAttributeRecord(FileAttributes.Hidden, 1).Write(buffer);
        for (int length = 0; length < DosAttributeRecord.Size; length++)
        {
            Assert.False(DosAttributeRecord.TryParse(buffer.AsSpan(0, length), out _, out NtStatus error));
            Assert.Equal(NtStatus.DataError, error);
        }
        buffer[0] = 2;
        Assert.False(DosAttributeRecord.TryParse(buffer, out _, out NtStatus versionError));
        Assert.Equal(NtStatus.NotSupported, versionError);
    }
}
