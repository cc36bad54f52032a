using Ntvfs.Posix;
using Ntvfs.Posix.Native;

namespace Ntvfs.Tests.Posix;

/// <summary>
/// A temporary directory with "share/" (the share root) and "outside/" (what must stay unreachable,
/// holding "secret.txt"), removed on dispose.
/// </summary>
internal sealed class TestTree : IDisposable
{
    public TestTree()
    {
        Base = Directory.CreateTempSubdirectory("ntvfs-posix-").FullName;
        Share = Path.Combine(Base, "share");
        Outside = Path.Combine(Base, "outside");
        Directory.CreateDirectory(Share);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "outside");
    }

    public string Base { get; }
    public string Share { get; }
    public string Outside { get; }

    public string InShare(string relative) => Path.Combine(Share, relative);

    public void File_(string relative, string content = "inside")
    {
        string full = InShare(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void Dir(string relative) => Directory.CreateDirectory(InShare(relative));

    public void Link(string relative, string target) => File.CreateSymbolicLink(InShare(relative), target);

    public ShareRoot Open(PathResolution resolution, bool wideLinks = false, bool followSymlinks = true,
        bool caseSensitive = false, string? veto = null)
    {
        var options = new ShareRootOptions
        {
            Resolution = resolution,
            WideLinks = wideLinks,
            FollowSymlinks = followSymlinks,
            CaseSensitive = caseSensitive,
            VetoFiles = VetoFiles.Parse(veto, caseSensitive),
        };
        var status = ShareRoot.Open(Share, options, out ShareRoot? share);
        Assert.True(status.IsSuccess, status.ToString());
        return share!;
    }

    /// <summary>Reads a whole (small) file through a descriptor.</summary>
    public static unsafe string ReadAll(SafeFileDescriptor fd)
    {
        byte[] buffer = new byte[4096];
        nint n;
        fixed (byte* p = buffer)
            n = Libc.pread(fd, p, (nuint)buffer.Length, 0);
        Assert.True(n >= 0, $"pread errno {Libc.LastErrno}");
        return System.Text.Encoding.UTF8.GetString(buffer, 0, (int)n);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
