using System.Runtime.InteropServices;
using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Tests.Posix;

public sealed partial class CaseInsensitiveLookupTests : IDisposable
{
    private readonly TestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void EveryComponentIsMatchedIgnoringCase(PathResolution resolution)
    {
        _tree.File_("Alpha/beta/Gamma/File.TXT", "deep");
        using ShareRoot share = _tree.Open(resolution);

        using (ResolvedPath r = ShareRootConfinementTests.ResolveOk(share, "alpha\\BETA\\gamma\\file.txt"))
        {
            Assert.True(r.Exists);
            Assert.Equal("File.TXT", r.Name);
            Assert.Equal("Alpha/beta/Gamma", r.ParentRelativePath);
            Assert.Equal("Alpha/beta/Gamma/File.TXT", r.RelativePath);
        }
        Assert.Equal(NtStatus.Success, share.Open("ALPHA\\Beta\\GAMMA\\FILE.txt", Libc.O_RDONLY, 0, out SafeFileDescriptor? fd));
        using (fd)
            Assert.Equal("deep", TestTree.ReadAll(fd!));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void CreatesGoIntoTheExistingDirectoriesWhateverTheCase(PathResolution resolution)
    {
        _tree.Dir("A/b/C");
        using ShareRoot share = _tree.Open(resolution);
        Assert.Equal(NtStatus.Success,
            share.Open("a\\B\\c\\new.txt", Libc.O_CREAT | Libc.O_EXCL | Libc.O_WRONLY, 0b110_100_100, out SafeFileDescriptor? fd));
        fd!.Dispose();
        Assert.True(File.Exists(_tree.InShare("A/b/C/new.txt")));
        Assert.False(Directory.Exists(_tree.InShare("a")));

        // The new name is found under another case at once (the cache learned it).
        using ResolvedPath r = ShareRootConfinementTests.ResolveOk(share, "A\\B\\C\\NEW.TXT");
        Assert.True(r.Exists);
        Assert.Equal("new.txt", r.Name);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void CaseSensitiveSharesMatchExactly(PathResolution resolution)
    {
        _tree.File_("Alpha/File.txt");
        using ShareRoot share = _tree.Open(resolution, caseSensitive: true);
        Assert.Equal(NtStatus.ObjectPathNotFound, share.Open("alpha\\File.txt", Libc.O_RDONLY, 0, out _));
        Assert.Equal(NtStatus.ObjectNameNotFound, share.Open("Alpha\\file.txt", Libc.O_RDONLY, 0, out _));
        Assert.Equal(NtStatus.Success, share.Open("Alpha\\File.txt", Libc.O_RDONLY, 0, out SafeFileDescriptor? fd));
        fd!.Dispose();
        Assert.Equal(0, share.NameCache.DirectoryCount);
    }

    [Fact]
    public void ExactNamesNeverScan()
    {
        _tree.File_("Alpha/File.txt");
        using ShareRoot share = _tree.Open(PathResolution.Auto);
        using (ShareRootConfinementTests.ResolveOk(share, "Alpha\\File.txt")) { }
        Assert.Equal(0, share.NameCache.DirectoryCount);
        Assert.Equal(0, share.NameCache.Misses);
    }

    [Fact]
    public void CachedListingAnswersMissesAndSeesLaterChanges()
    {
        _tree.File_("dir/one.txt");
        using ShareRoot share = _tree.Open(PathResolution.Auto);

        using (ResolvedPath r = ShareRootConfinementTests.ResolveOk(share, "dir\\missing.txt"))
            Assert.False(r.Exists);
        Assert.Equal(1, share.NameCache.DirectoryCount);
        long misses = share.NameCache.Misses;

        using (ResolvedPath r = ShareRootConfinementTests.ResolveOk(share, "dir\\ONE.TXT"))
            Assert.Equal("one.txt", r.Name);
        Assert.Equal(misses, share.NameCache.Misses); // answered from the cached listing

        // A local process adds a file. The directory's stamp moves, so the next lookup rescans.
        FileStatus.TryGet(SafeFileDescriptor.CurrentDirectory, _tree.InShare("dir"), 0, out FileStatus before);
        File.WriteAllText(_tree.InShare("dir/Two.txt"), "2");
        FileStatus.TryGet(SafeFileDescriptor.CurrentDirectory, _tree.InShare("dir"), 0, out FileStatus after);
        if (DirectoryStamp.From(before) == DirectoryStamp.From(after))
        {
            // Coarse timestamps (kernels without multigrain timestamps): both changes fell in one
            // tick. The server's own changes are reported explicitly; emulate that here.
            using ResolvedPath inDir = ShareRootConfinementTests.ResolveOk(share, "dir\\x");
            share.InvalidateDirectory(inDir.Parent);
        }
        using (ResolvedPath r = ShareRootConfinementTests.ResolveOk(share, "dir\\two.TXT"))
        {
            Assert.True(r.Exists);
            Assert.Equal("Two.txt", r.Name);
        }
    }

    public static TheoryData<string, string> UnicodeNames => new()
    {
        { "\U0001F600 smile.txt", "\U0001F600 SMILE.TXT" },
        { "日本語のファイル.txt", "日本語のファイル.TXT" },
        { "Ünïcödé é.txt", "üNÏCÖDÉ É.TXT" },
        { "\U00010400deseret", "\U00010428DESERET" }, // a letter outside the BMP, other case
        { "Ελληνικά", "ΕΛΛΗΝΙΚΆ" },
        { "кириллица", "КИРИЛЛИЦА" },
    };

    [Theory]
    [MemberData(nameof(UnicodeNames))]
    public void UnicodeNamesRoundTrip(string name, string otherCase)
    {
        using ShareRoot share = _tree.Open(PathResolution.Auto);
        Assert.Equal(NtStatus.Success,
            share.Open("dir\\..\\" + name, Libc.O_CREAT | Libc.O_EXCL | Libc.O_WRONLY, 0b110_100_100, out SafeFileDescriptor? fd));
        fd!.Dispose();

        // On disk as UTF-8: the same name .NET sees.
        Assert.Equal([name], Directory.GetFileSystemEntries(_tree.Share).Select(Path.GetFileName));

        // Read back by getdents64: the same UTF-16 string, surrogate pairs intact.
        using SafeFileDescriptor root = Libc.openat(SafeFileDescriptor.CurrentDirectory, _tree.Share,
            Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        var entries = new List<DirectoryEntry>();
        Assert.Equal(NtStatus.Success, new DirectoryReader(root).ReadAll(entries));
        Assert.Equal(name, Assert.Single(entries).Name);

        // Found again under the other case.
        using ResolvedPath r = ShareRootConfinementTests.ResolveOk(share, otherCase);
        Assert.True(r.Exists);
        Assert.Equal(name, r.Name);
    }

    [Fact]
    public void UnpairedSurrogatesAreInvalidNames()
    {
        using ShareRoot share = _tree.Open(PathResolution.Auto);
        Assert.Equal(NtStatus.ObjectNameInvalid, share.Open("bad\uD800.txt", Libc.O_CREAT | Libc.O_WRONLY, 0b110_100_100, out _));
        Assert.Equal(NtStatus.ObjectNameInvalid, share.Open("bad\uDC00\\x", Libc.O_RDONLY, 0, out _));
        Assert.Empty(Directory.GetFileSystemEntries(_tree.Share));
    }

    [Fact]
    public void NamesThatAreNotUtf8AreSkippedNotMangled()
    {
        byte[] raw = [(byte)'b', (byte)'a', (byte)'d', 0xFF, 0xFE, 0];
        string dir = _tree.InShare("raw");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "good.txt"), "");
        Assert.Equal(0, MkdirRaw(dir, raw));
        try
        {
            ListAndLookUp(dir);
        }
        finally
        {
            // .NET cannot name this entry, so Directory.Delete would leave it behind.
            Assert.Equal(0, RmdirRaw(dir, raw));
        }
    }

    private void ListAndLookUp(string dir)
    {
        using SafeFileDescriptor fd = Libc.openat(SafeFileDescriptor.CurrentDirectory, dir,
            Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        var reader = new DirectoryReader(fd);
        var entries = new List<DirectoryEntry>();
        Assert.Equal(NtStatus.Success, reader.ReadAll(entries));
        Assert.Equal("good.txt", Assert.Single(entries).Name);
        Assert.Equal(1, reader.SkippedInvalidNames);

        using ShareRoot share = _tree.Open(PathResolution.Auto);
        using ResolvedPath r = ShareRootConfinementTests.ResolveOk(share, "raw\\GOOD.TXT");
        Assert.True(r.Exists);
    }

    private static unsafe int MkdirRaw(string parent, byte[] name)
    {
        using SafeFileDescriptor dir = Libc.openat(SafeFileDescriptor.CurrentDirectory, parent,
            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        fixed (byte* p = name)
            return mkdirat_raw(dir, p, 0b111_101_101) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    private static unsafe int RmdirRaw(string parent, byte[] name)
    {
        using SafeFileDescriptor dir = Libc.openat(SafeFileDescriptor.CurrentDirectory, parent,
            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        fixed (byte* p = name)
            return unlinkat_raw(dir, p, Libc.AT_REMOVEDIR) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
    private static unsafe partial int unlinkat_raw(SafeFileDescriptor dirfd, byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    private static unsafe partial int mkdirat_raw(SafeFileDescriptor dirfd, byte* path, uint mode);
}
