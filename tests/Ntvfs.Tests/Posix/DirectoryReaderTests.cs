using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Tests.Posix;

public sealed class DirectoryReaderTests : IDisposable
{
    private readonly TestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private SafeFileDescriptor OpenShare() => Libc.openat(SafeFileDescriptor.CurrentDirectory, _tree.Share,
        Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);

    [Fact]
    public void ReadsEveryEntryAcrossManySmallBatches()
    {
        var expected = new HashSet<string>();
        for (int i = 0; i < 300; i++)
        {
            string name = $"file-{i:D4}-{new string('x', i % 50)}.txt";
            File.WriteAllText(_tree.InShare(name), "");
            expected.Add(name);
        }
        _tree.Dir("subdir");
        expected.Add("subdir");

        using SafeFileDescriptor fd = OpenShare();
        var reader = new DirectoryReader(fd, bufferSize: 1024); // forces dozens of getdents64 calls
        var seen = new List<DirectoryEntry>();
        bool sawDot = false, sawDotDot = false;
        while (true)
        {
            Assert.Equal(NtStatus.Success, reader.Read(out DirectoryEntry e, out bool end));
            if (end) break;
            if (e.Name == ".") sawDot = true;
            else if (e.Name == "..") sawDotDot = true;
            else seen.Add(e);
        }
        Assert.True(sawDot && sawDotDot);
        Assert.Equal(expected, seen.Select(e => e.Name).ToHashSet());
        Assert.Equal(Libc.DT_DIR, seen.Single(e => e.Name == "subdir").Type);
        Assert.All(seen.Where(e => e.Name != "subdir"), e => Assert.Equal(Libc.DT_REG, e.Type));
        Assert.All(seen, e => Assert.NotEqual(0UL, e.Inode));

        // End stays end.
        Assert.Equal(NtStatus.Success, reader.Read(out _, out bool stillEnd));
        Assert.True(stillEnd);

        // Rewind lists the same again; ReadAll leaves out "." and "..".
        Assert.Equal(NtStatus.Success, reader.Rewind());
        var again = new List<DirectoryEntry>();
        Assert.Equal(NtStatus.Success, reader.ReadAll(again));
        Assert.Equal(expected, again.Select(e => e.Name).ToHashSet());
    }

    [Fact]
    public void SeekResumesAfterAnEntry()
    {
        for (int i = 0; i < 50; i++)
            File.WriteAllText(_tree.InShare($"f{i}"), "");
        using SafeFileDescriptor fd = OpenShare();
        var reader = new DirectoryReader(fd);
        var all = new List<DirectoryEntry>();
        Assert.Equal(NtStatus.Success, reader.ReadAll(all));

        DirectoryEntry middle = all[20];
        Assert.Equal(NtStatus.Success, reader.Seek(middle.NextOffset));
        var rest = new List<DirectoryEntry>();
        Assert.Equal(NtStatus.Success, reader.ReadAll(rest));
        Assert.Equal(all.Skip(21).Select(e => e.Name), rest.Select(e => e.Name));
    }

    [Fact]
    public void OPathDescriptorsCannotBeListed()
    {
        using SafeFileDescriptor fd = Libc.openat(SafeFileDescriptor.CurrentDirectory, _tree.Share,
            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        Assert.Equal(NtStatus.InvalidHandle, new DirectoryReader(fd).Read(out _, out _));
    }
}
