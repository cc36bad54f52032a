using Protocol;
using Protocol.Crypto;
using Protocol.Smb2;

namespace SmbServer.Tests.Server;

/// <summary>
/// Raw CREATE names that try to leave the share: `..` above the root, Unix separators, and a
/// symlink to the directory above the share. smbclient resolves `..` itself before it sends a
/// name, so these names only reach the server from a client like this one. The share's parent
/// holds the server's smbpasswd file: the target an escape would reach.
/// </summary>
public sealed class PathEscapeTests : IDisposable
{
    private const string Password = "Secret1!";
    private readonly TestServer _server = new();

    public PathEscapeTests()
    {
        var hash = Convert.ToHexString(NtHash.Compute(Password));
        File.WriteAllText(Path.Combine(_server.Dir, "smbpasswd"),
            $"alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:{hash}:[U          ]:LCT-65000000:\n");
        Directory.CreateDirectory(Path.Combine(_server.Dir, "share", "sub"));
        File.CreateSymbolicLink(Path.Combine(_server.Dir, "share", "up"), _server.Dir);
    }

    public void Dispose() => _server.Dispose();

    public static readonly TheoryData<string, uint> EscapingNames = new()
    {
        // MS-FSCC 2.1.5 paths are lexical: ".." above the root is a syntax error (as Samba answers).
        { @"..\smbpasswd", NtStatus.ObjectPathSyntaxBad.Value },
        { @"..\..\..\..\etc\passwd", NtStatus.ObjectPathSyntaxBad.Value },
        { @"sub\..\..\smbpasswd", NtStatus.ObjectPathSyntaxBad.Value },
        { @".\..\smbpasswd", NtStatus.ObjectPathSyntaxBad.Value },
        // '/' is not a separator in an SMB name, and an invalid character in a file name; a leading
        // one is refused by the SMB2 layer as a leading separator (MS-SMB2 3.3.5.9).
        { "../smbpasswd", NtStatus.ObjectNameInvalid.Value },
        { "/etc/passwd", NtStatus.InvalidParameter.Value },
        // A symlink that leads outside the share is not followed.
        { @"up\smbpasswd", NtStatus.ObjectPathNotFound.Value },
        { @"up\share\sub", NtStatus.ObjectPathNotFound.Value },
    };

    [Theory]
    [MemberData(nameof(EscapingNames))]
    public void OpenOfAnEscapingNameFails(string name, uint expected)
    {
        using var s = Smb2TestSession.Open(_server, "alice", Password, "share");
        var response = s.Call(s.CreateRequest(name, disposition: Smb2CreateDisposition.Open));
        Assert.Equal(new NtStatus(expected), response.Status);
    }

    [Theory]
    [InlineData(@"..\escaped.txt")]
    [InlineData(@"sub\..\..\escaped.txt")]
    [InlineData(@"up\escaped.txt")]
    public void CreateOfAnEscapingNameFailsAndWritesNothing(string name)
    {
        using var s = Smb2TestSession.Open(_server, "alice", Password, "share");
        var response = s.Call(s.CreateRequest(name, disposition: Smb2CreateDisposition.Create));
        Assert.True(response.Status.IsError, $"CREATE {name} succeeded");
        Assert.False(File.Exists(Path.Combine(_server.Dir, "escaped.txt")));
    }

    [Fact]
    public void DotDotThatStaysInsideTheShareWorks()
    {
        File.WriteAllText(Path.Combine(_server.Dir, "share", "inside.txt"), "x");
        using var s = Smb2TestSession.Open(_server, "alice", Password, "share");
        var response = s.Call(s.CreateRequest(@"sub\..\inside.txt", disposition: Smb2CreateDisposition.Open));
        Assert.Equal(NtStatus.Success, response.Status);
    }
}
