using SmbServer.IntegrationTests.Clients;
using SmbServer.IntegrationTests.Fixtures;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Files;

/// <summary>`read only = yes`: reading works, every change is NT_STATUS_ACCESS_DENIED and leaves the disk as it was.</summary>
public sealed class ReadOnlyShareTests : FileTestBase, IClassFixture<FileServingServerFixture>
{
    private const string Share = FileServingServerFixture.ReadOnlyShare;
    private static readonly SmbLogin Alice = SmbLogin.User(TestUsers.Alice);
    private static readonly byte[] Content = LocalTree.Bytes(2000, 31);

    public ReadOnlyShareTests(FileServingServerFixture fixture) : base(fixture.Server)
    {
        // Put there behind the server's back: the share cannot be written through SMB.
        File.WriteAllBytes(OnServer(Share, "existing.txt"), Content);
        Directory.CreateDirectory(OnServer(Share, "existing-dir"));
        File.WriteAllBytes(LocalPath("new.txt"), Content);
    }

    private ProcessResult Run(string commands) => Run(Alice, Share, commands);

    private void AssertShareUnchanged(ProcessResult result)
    {
        var names = Directory.EnumerateFileSystemEntries(Server.SharePath(Share)).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.True(names.SequenceEqual(["existing-dir", "existing.txt"]), $"the share changed: {string.Join(", ", names)}\n{Context(result)}");
        Assert.Equal(Content, File.ReadAllBytes(OnServer(Share, "existing.txt")));
    }

    [Fact]
    public void ReadingWorks()
    {
        var result = Run("ls; get existing.txt back.txt");
        AssertClean(result);
        Assert.Equal(["existing-dir", "existing.txt"], DirectoryListing.Names(result.Stdout));
        Assert.Equal(Content, File.ReadAllBytes(LocalPath("back.txt")));
    }

    [Fact]
    public void PutIsAccessDenied()
    {
        var result = Run("put new.txt");
        AssertRefused(result, "NT_STATUS_ACCESS_DENIED");
        AssertShareUnchanged(result);
    }

    [Fact]
    public void PutOverAnExistingFileIsAccessDenied()
    {
        var result = Run("put new.txt existing.txt");
        AssertRefused(result, "NT_STATUS_ACCESS_DENIED");
        AssertShareUnchanged(result);
    }

    [Fact]
    public void MkdirIsAccessDenied()
    {
        var result = Run("mkdir newdir");
        AssertRefused(result, "NT_STATUS_ACCESS_DENIED");
        AssertShareUnchanged(result);
    }

    [Fact]
    public void RmIsAccessDenied()
    {
        var result = Run("rm existing.txt");
        AssertRefused(result, "NT_STATUS_ACCESS_DENIED");
        AssertShareUnchanged(result);
    }

    [Fact]
    public void RmdirIsAccessDenied()
    {
        var result = Run("rmdir existing-dir");
        AssertRefused(result, "NT_STATUS_ACCESS_DENIED");
        AssertShareUnchanged(result);
    }

    [Fact]
    public void RenameIsAccessDenied()
    {
        var result = Run("rename existing.txt renamed.txt");
        // smbd 4.17 answers a rename on a read-only share with MEDIA_WRITE_PROTECTED; ours, like
        // every other refusal here, with ACCESS_DENIED.
        AssertRefused(result, "NT_STATUS_ACCESS_DENIED", "NT_STATUS_MEDIA_WRITE_PROTECTED");
        AssertShareUnchanged(result);
    }

    [Fact]
    public void SetmodeIsAccessDenied()
    {
        var result = Run("setmode existing.txt +r");
        AssertRefused(result, "NT_STATUS_ACCESS_DENIED");
        AssertShareUnchanged(result);
    }
}
