using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;
using Xunit.Abstractions;

namespace Ntvfs.Tests.Posix;

/// <summary>
/// The classic share-escape race (CVE-2017-2619 and kin): while one thread resolves "d\secret.txt",
/// another keeps swapping the directory "d" with a symbolic link to a directory outside the share
/// (renameat2 RENAME_EXCHANGE, atomic). Whatever interleaving happens, a lookup may fail or find the
/// inside file, but must never reach the outside one.
/// </summary>
public sealed class RenameRaceTests : IDisposable
{
    private const int Lookups = 3000;
    private readonly TestTree _tree = new();
    private readonly ITestOutputHelper _output;

    public RenameRaceTests(ITestOutputHelper output)
    {
        _output = output;
        _tree.File_("d/secret.txt", "inside");
        _tree.Link("swap", "../outside");
    }

    public void Dispose() => _tree.Dispose();

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void SwappingADirectoryWithAnEscapingLinkNeverEscapes(PathResolution resolution)
    {
        using ShareRoot share = _tree.Open(resolution);
        ulong outsideInode = new FileInfoStat(Path.Combine(_tree.Outside, "secret.txt")).Inode;
        ulong outsideDirInode = new FileInfoStat(_tree.Outside).Inode;

        using var stop = new CancellationTokenSource();
        long swaps = 0;
        var swapper = new Thread(() =>
        {
            using SafeFileDescriptor dir = Libc.openat(SafeFileDescriptor.CurrentDirectory, _tree.Share,
                Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
            while (!stop.IsCancellationRequested)
            {
                if (Libc.renameat2(dir, "d", dir, "swap", Libc.RENAME_EXCHANGE) == 0)
                    Interlocked.Increment(ref swaps);
            }
        });
        swapper.Start();

        int found = 0, missing = 0;
        try
        {
            for (int i = 0; i < Lookups; i++)
            {
                // The parent a resolution hands out must be inside.
                if (share.Resolve("d\\secret.txt", out ResolvedPath? resolved).IsSuccess)
                {
                    using (resolved)
                    {
                        Assert.Equal(NtStatus.Success, FileStatus.Get(resolved!.Parent, out FileStatus parent));
                        Assert.NotEqual(outsideDirInode, parent.Inode);
                    }
                }

                NtStatus status = share.Open("d\\secret.txt", Libc.O_RDONLY, 0, out SafeFileDescriptor? fd);
                if (status.IsSuccess)
                {
                    using (fd)
                    {
                        Assert.Equal(NtStatus.Success, FileStatus.Get(fd!, out FileStatus st));
                        Assert.NotEqual(outsideInode, st.Inode);
                        Assert.Equal("inside", TestTree.ReadAll(fd!));
                    }
                    found++;
                }
                else
                {
                    Assert.True(status == NtStatus.ObjectPathNotFound || status == NtStatus.ObjectNameNotFound,
                        status.ToString());
                    missing++;
                }
            }
        }
        finally
        {
            stop.Cancel();
            swapper.Join();
        }

        _output.WriteLine($"{resolution}: {Interlocked.Read(ref swaps)} swaps, {found} found inside, {missing} not found");
        Assert.True(Interlocked.Read(ref swaps) > 0);
        Assert.Equal(Lookups, found + missing);
    }

    /// <summary>The inode of a path (following links), for comparing identities.</summary>
    private readonly struct FileInfoStat
    {
        public FileInfoStat(string path)
        {
            int errno = FileStatus.TryGet(SafeFileDescriptor.CurrentDirectory, path, 0, out FileStatus st);
            Assert.Equal(0, errno);
            Inode = st.Inode;
        }

        public ulong Inode { get; }
    }
}
