using SmbServer.IntegrationTests.Fixtures;

namespace SmbServer.IntegrationTests.Files;

/// <summary>
/// A share cannot lead outside its directory: a symlink in it that points outside (to a directory
/// holding a file, or to the file itself) cannot be followed, for reading or writing, and `..`
/// in a path cannot climb above the share root. (smbclient resolves `..` itself before sending a
/// name, so the raw `..` names the server must refuse are sent by the in-process tests.)
/// </summary>
public sealed class SymlinkEscapeTests : FileTestBase, IClassFixture<FileServingServerFixture>
{
    private const string Secret = "secret outside the share";
    private readonly string _outside;

    public SymlinkEscapeTests(FileServingServerFixture fixture) : base(fixture.Server)
    {
        _outside = Path.Combine(Server.Directory, "outside");
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "file"), Secret);
        foreach (var share in new[] { FileServingServerFixture.UserShare, FileServingServerFixture.GuestShare })
        {
            if (!Path.Exists(OnServer(share, "escape")))
                File.CreateSymbolicLink(OnServer(share, "escape"), _outside);
            if (!Path.Exists(OnServer(share, "escape-file")))
                File.CreateSymbolicLink(OnServer(share, "escape-file"), Path.Combine(_outside, "file"));
        }
        File.WriteAllText(LocalPath("f.txt"), "new");
    }

    private static readonly string[] NotFound = ["NT_STATUS_OBJECT_NAME_NOT_FOUND", "NT_STATUS_OBJECT_PATH_NOT_FOUND"];

    private void AssertNothingEscaped(string context)
    {
        Assert.Equal(["file"], Directory.EnumerateFileSystemEntries(_outside).Select(Path.GetFileName));
        Assert.Equal(Secret, File.ReadAllText(Path.Combine(_outside, "file")));
        foreach (var file in Directory.EnumerateFiles(Local, "*", SearchOption.AllDirectories))
            Assert.False(File.ReadAllText(file).Contains(Secret, StringComparison.Ordinal), $"{file} holds the secret\n{context}");
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void ListingThroughTheLinkFails(string who)
    {
        var result = Run(who, "ls escape/*");
        AssertRefused(result, NotFound);
        Assert.DoesNotContain("file", Clients.DirectoryListing.Names(result.Stdout));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void GetThroughTheDirectoryLinkFails(string who)
    {
        var result = Run(who, "get escape/file got.txt");
        AssertRefused(result, NotFound);
        AssertNothingEscaped(Context(result));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void GetOfALinkToAFileOutsideFails(string who)
    {
        var result = Run(who, "get escape-file got.txt");
        AssertRefused(result, NotFound);
        AssertNothingEscaped(Context(result));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void CdIntoTheLinkFails(string who) =>
        AssertRefused(Run(who, "cd escape"), NotFound);

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void PutThroughTheLinkFails(string who)
    {
        var result = Run(who, "put f.txt escape\\new.txt; put f.txt escape-file");
        AssertRefused(result, [.. NotFound, "NT_STATUS_ACCESS_DENIED"]);
        Assert.DoesNotContain("putting file", result.Output);
        AssertNothingEscaped(Context(result));
    }

    [Theory]
    [InlineData("user", "../../etc/passwd")]
    [InlineData("user", "..\\..\\..\\etc\\passwd")]
    [InlineData("guest", "../../../../../../etc/passwd")]
    public void DotDotDoesNotClimbAboveTheShare(string who, string path)
    {
        var result = Run(who, $"get {path} passwd.txt");
        AssertRefused(result, NotFound);
        Assert.False(File.Exists(LocalPath("passwd.txt")), Context(result));
    }
}
