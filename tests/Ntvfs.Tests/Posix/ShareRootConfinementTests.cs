using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Tests.Posix;

public sealed partial class ShareRootConfinementTests : IDisposable
{
    private readonly TestTree _tree = new();

    public ShareRootConfinementTests()
    {
        _tree.File_("dir/file.txt");
        _tree.Link("link_in", "dir");                               // inside, relative
        _tree.Link("link_file_in", "dir/file.txt");
        _tree.Link("dir/up", "../dir/file.txt");                   // inside, through ".."
        _tree.Link("link_out_abs", _tree.Outside);                  // outside, absolute
        _tree.Link("link_out_rel", "../outside");                   // outside, relative
        _tree.Link("link_etc", "/etc");
        _tree.Link("dir/esc", "../../outside/secret.txt");          // a file outside
        _tree.Link("dangle_out", "../outside/created.txt");         // dangling, outside
        _tree.Link("loop1", "loop2");
        _tree.Link("loop2", "loop1");
    }

    public void Dispose() => _tree.Dispose();

    private static NtStatus OpenRead(ShareRoot share, string path, out string? content)
    {
        content = null;
        NtStatus status = share.Open(path, Libc.O_RDONLY, 0, out SafeFileDescriptor? fd);
        if (status.IsSuccess)
        {
            using (fd)
                content = TestTree.ReadAll(fd!);
        }
        return status;
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void LinksInsideTheShareAreFollowed(PathResolution resolution)
    {
        using ShareRoot share = _tree.Open(resolution);
        Assert.Equal(resolution, share.Resolution);
        Assert.Equal(NtStatus.Success, OpenRead(share, "link_in\\file.txt", out string? a));
        Assert.Equal("inside", a);
        Assert.Equal(NtStatus.Success, OpenRead(share, "link_file_in", out string? b));
        Assert.Equal("inside", b);
        Assert.Equal(NtStatus.Success, OpenRead(share, "dir\\up", out string? c));
        Assert.Equal("inside", c);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void LinksOutOfTheShareBehaveAsMissing(PathResolution resolution)
    {
        using ShareRoot share = _tree.Open(resolution);
        // Through a link as a directory: path not found.
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "link_out_abs\\secret.txt", out _));
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "link_out_rel\\secret.txt", out _));
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "link_etc\\passwd", out _));
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "LINK_ETC\\passwd", out _));
        // As the last component: name not found (Samba's answer for links out of the share).
        Assert.Equal(NtStatus.ObjectNameNotFound, OpenRead(share, "dir\\esc", out _));
        Assert.Equal(NtStatus.ObjectNameNotFound, OpenRead(share, "link_out_abs", out _));
        // The link itself exists as a name (it can be listed and deleted).
        Assert.Equal(NtStatus.Success, share.Resolve("link_out_abs", out ResolvedPath? r));
        using (r)
        {
            Assert.True(r!.Exists);
            Assert.True(r.Status.IsSymbolicLink);
        }
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void ClientPathsCannotClimbOrBeAbsolute(PathResolution resolution)
    {
        using ShareRoot share = _tree.Open(resolution);
        Assert.Equal(NtStatus.ObjectPathSyntaxBad, OpenRead(share, "..\\outside\\secret.txt", out _));
        Assert.Equal(NtStatus.ObjectPathSyntaxBad, OpenRead(share, "dir\\..\\..\\outside\\secret.txt", out _));
        Assert.Equal(NtStatus.ObjectNameInvalid, OpenRead(share, "/etc/passwd", out _));
        Assert.Equal(NtStatus.ObjectNameInvalid, OpenRead(share, _tree.Outside + "/secret.txt", out _));
        Assert.Equal(NtStatus.Success, OpenRead(share, "dir\\..\\dir\\file.txt", out string? ok));
        Assert.Equal("inside", ok);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void CreatesThroughEscapingLinksAreRefused(PathResolution resolution)
    {
        using ShareRoot share = _tree.Open(resolution);
        Assert.Equal(NtStatus.ObjectNameNotFound,
            share.Open("dangle_out", Libc.O_CREAT | Libc.O_WRONLY, 0b110_100_100, out _));
        Assert.False(File.Exists(Path.Combine(_tree.Outside, "created.txt")));
        Assert.Equal(NtStatus.ObjectPathNotFound,
            share.Open("link_out_rel\\new.txt", Libc.O_CREAT | Libc.O_WRONLY, 0b110_100_100, out _));
        Assert.False(File.Exists(Path.Combine(_tree.Outside, "new.txt")));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void WideLinksMayLeaveTheShare(PathResolution resolution)
    {
        using ShareRoot share = _tree.Open(resolution, wideLinks: true);
        Assert.Equal(NtStatus.Success, OpenRead(share, "link_out_abs\\secret.txt", out string? a));
        Assert.Equal("outside", a);
        Assert.Equal(NtStatus.Success, OpenRead(share, "link_out_rel\\secret.txt", out string? b));
        Assert.Equal("outside", b);
        Assert.Equal(NtStatus.Success, OpenRead(share, "dir\\esc", out string? c));
        Assert.Equal("outside", c);
        // Client paths are still confined: ".." never comes from a client.
        Assert.Equal(NtStatus.ObjectPathSyntaxBad, OpenRead(share, "..\\outside\\secret.txt", out _));
    }

    [Fact]
    public void WideLinksWithOpenat2StillRefuseMagicLinks()
    {
        if (!Strategies.Openat2Available)
            return;
        _tree.Link("magic", "/proc/self/root");
        using ShareRoot share = _tree.Open(PathResolution.Openat2, wideLinks: true);
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "magic\\etc\\hostname", out _));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void FollowSymlinksNoRefusesEveryLink(PathResolution resolution)
    {
        using ShareRoot share = _tree.Open(resolution, followSymlinks: false);
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "link_in\\file.txt", out _));
        Assert.Equal(NtStatus.ObjectNameNotFound, OpenRead(share, "link_file_in", out _));
        Assert.Equal(NtStatus.Success, OpenRead(share, "dir\\file.txt", out string? a));
        Assert.Equal("inside", a);
        // O_NOFOLLOW|O_PATH still opens the link itself (to delete or inspect it).
        Assert.Equal(NtStatus.Success,
            share.Open("link_in", Libc.O_PATH | Libc.O_NOFOLLOW, 0, out SafeFileDescriptor? link));
        using (link)
        {
            Assert.Equal(NtStatus.Success, FileStatus.Get(link!, out FileStatus st));
            Assert.True(st.IsSymbolicLink);
        }
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void MissingAndWrongTypeComponents(PathResolution resolution)
    {
        using ShareRoot share = _tree.Open(resolution);
        Assert.Equal(NtStatus.ObjectNameNotFound, OpenRead(share, "nope", out _));
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "nope\\x", out _));
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "nope\\x\\y", out _));
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "dir\\file.txt\\x", out _));
        Assert.Equal(NtStatus.NotADirectory,
            share.Open("dir\\file.txt", Libc.O_RDONLY | Libc.O_DIRECTORY, 0, out _));
        Assert.Equal(NtStatus.FileIsADirectory, share.Open("dir", Libc.O_RDWR, 0, out _));
        Assert.Equal(NtStatus.ObjectNameNotFound, OpenRead(share, "loop1", out _));
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "loop1\\x", out _));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void RootResolvesToTheShareItself(PathResolution resolution)
    {
        using ShareRoot share = _tree.Open(resolution);
        foreach (string root in new[] { "", "\\" })
        {
            Assert.Equal(NtStatus.Success, share.Resolve(root, out ResolvedPath? r));
            using (r)
            {
                Assert.True(r!.IsRoot);
                Assert.True(r.Exists);
                Assert.True(r.Status.IsDirectory);
                Assert.Equal(".", r.RelativePath);
                Assert.Equal(NtStatus.Success, share.Open(r, Libc.O_RDONLY | Libc.O_DIRECTORY, 0, out SafeFileDescriptor? fd));
                using (fd)
                {
                    Assert.Equal(NtStatus.Success, FileStatus.Get(fd!, out FileStatus st));
                    Assert.Equal(r.Status.Inode, st.Inode);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void CreateRenameRemoveInsideTheShare(PathResolution resolution)
    {
        using ShareRoot share = _tree.Open(resolution);
        Assert.Equal(NtStatus.Success,
            share.Open("dir\\new.txt", Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR, 0b110_100_100, out SafeFileDescriptor? fd));
        fd!.Dispose();
        Assert.True(File.Exists(_tree.InShare("dir/new.txt")));
        Assert.Equal(NtStatus.ObjectNameCollision,
            share.Open("dir\\new.txt", Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR, 0b110_100_100, out _));

        Assert.Equal(NtStatus.Success, share.Resolve("dir\\sub", out ResolvedPath? sub));
        using (sub)
        {
            Assert.False(sub!.Exists);
            Assert.Equal(NtStatus.Success, share.CreateDirectory(sub, 0b111_101_101));
            Assert.Equal(NtStatus.ObjectNameCollision, share.CreateDirectory(sub, 0b111_101_101));
        }
        Assert.True(Directory.Exists(_tree.InShare("dir/sub")));

        // Rename without replace onto an existing name collides; with replace it succeeds.
        using (ResolvedPath from = ResolveOk(share, "dir\\new.txt"), to = ResolveOk(share, "dir\\file.txt"))
        {
            Assert.Equal(NtStatus.ObjectNameCollision, share.Rename(from, to, replaceIfExists: false));
        }
        using (ResolvedPath from = ResolveOk(share, "dir\\new.txt"), to = ResolveOk(share, "dir\\sub\\moved.txt"))
        {
            Assert.Equal(NtStatus.Success, share.Rename(from, to, replaceIfExists: false));
        }
        Assert.True(File.Exists(_tree.InShare("dir/sub/moved.txt")));

        // A case-only rename changes the on-disk spelling.
        using (ResolvedPath from = ResolveOk(share, "dir\\sub\\moved.txt"), to = ResolveOk(share, "dir\\sub\\MOVED.TXT"))
        {
            Assert.True(to.Exists);
            Assert.Equal(NtStatus.Success, share.Rename(from, to, replaceIfExists: false));
        }
        Assert.Equal(["MOVED.TXT"], Directory.GetFiles(_tree.InShare("dir/sub")).Select(Path.GetFileName));

        using (ResolvedPath dir = ResolveOk(share, "dir\\sub"))
            Assert.Equal(NtStatus.DirectoryNotEmpty, share.Remove(dir, isDirectory: true));
        using (ResolvedPath file = ResolveOk(share, "dir\\sub\\moved.txt"))
            Assert.Equal(NtStatus.Success, share.Remove(file, isDirectory: false));
        using (ResolvedPath dir = ResolveOk(share, "dir\\sub"))
            Assert.Equal(NtStatus.Success, share.Remove(dir, isDirectory: true));
        Assert.False(Directory.Exists(_tree.InShare("dir/sub")));

        // Removing a link to outside removes the link, never the target.
        using (ResolvedPath link = ResolveOk(share, "link_out_abs"))
            Assert.Equal(NtStatus.Success, share.Remove(link, isDirectory: false));
        Assert.True(File.Exists(Path.Combine(_tree.Outside, "secret.txt")));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void VetoedNamesDoNotExist(PathResolution resolution)
    {
        _tree.File_("notes.tmp");
        _tree.File_("Private/data.txt");
        using ShareRoot share = _tree.Open(resolution, veto: "/*.tmp/private/");
        Assert.Equal(NtStatus.ObjectNameNotFound, OpenRead(share, "notes.tmp", out _));
        Assert.Equal(NtStatus.ObjectNameNotFound, OpenRead(share, "NOTES.TMP", out _));
        Assert.Equal(NtStatus.ObjectPathNotFound, OpenRead(share, "private\\data.txt", out _));
        Assert.Equal(NtStatus.ObjectNameNotFound, OpenRead(share, "Private", out _));
        Assert.Equal(NtStatus.Success, OpenRead(share, "dir\\file.txt", out _));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void OpeningAFifoDoesNotBlock(PathResolution resolution)
    {
        Assert.Equal(0, mkfifo(_tree.InShare("fifo"), 0b110_100_100));
        using ShareRoot share = _tree.Open(resolution);
        NtStatus status = NtStatus.Pending;
        var opener = new Thread(() =>
        {
            status = share.Open("FIFO", Libc.O_RDONLY, 0, out SafeFileDescriptor? fd);
            fd?.Dispose();
        }) { IsBackground = true };
        opener.Start();
        Assert.True(opener.Join(TimeSpan.FromSeconds(10)), "open of a FIFO blocked");
        Assert.Equal(NtStatus.Success, status);
    }

    [System.Runtime.InteropServices.LibraryImport("libc", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, uint mode);

    [Fact]
    public void ForcedOpenat2FailsCleanlyOrWorks()
    {
        var options = new ShareRootOptions { Resolution = PathResolution.Openat2 };
        NtStatus status = ShareRoot.Open(_tree.Share, options, out ShareRoot? share);
        using (share)
            Assert.Equal(Strategies.Openat2Available ? NtStatus.Success : NtStatus.NotSupported, status);
    }

    [Fact]
    public void MissingShareDirectory()
    {
        NtStatus status = ShareRoot.Open(Path.Combine(_tree.Base, "nope"), new ShareRootOptions(), out ShareRoot? share);
        Assert.Equal(NtStatus.ObjectNameNotFound, status);
        Assert.Null(share);
    }

    internal static ResolvedPath ResolveOk(ShareRoot share, string path)
    {
        NtStatus status = share.Resolve(path, out ResolvedPath? resolved);
        Assert.True(status.IsSuccess, $"{path}: {status}");
        return resolved!;
    }
}
