using SmbServer.Tests.Configuration;
using SmbServer.Users;

namespace SmbServer.Tests.Users;

public class UserCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(0x5F5E1234);

    public UserCommandTests() => _path = _dir.File("smbpasswd");

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Err) Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var err = new StringWriter();
        var env = new UserCommand.Environment(
            name => name == "alice" ? 1000u : null,
            new FixedTime(Now),
            StdinIsTerminal: false);
        var code = UserCommand.Run(args, new StringReader(stdin), output, err, _path, env);
        return (code, output.ToString(), err.ToString());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void AddWritesASambaLine()
    {
        var (code, output, err) = Run("password\n", "user", "add", "alice");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains("Added user alice", output);
        Assert.Equal(
            "alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[U          ]:LCT-5F5E1234:\n",
            File.ReadAllText(_path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
    }

    [Fact]
    public void AddWithoutUnixAccountUsesNobodyUid()
    {
        Assert.Equal(0, Run("pw\n", "add", "zed").Code);
        Assert.StartsWith("zed:65534:", File.ReadAllText(_path));
    }

    [Fact]
    public void PasswordNeverReachesFileOrOutput()
    {
        var (_, output, err) = Run("Sup3rSecret!\nSup3rSecret!\n", "add", "alice");
        Assert.DoesNotContain("Sup3rSecret", File.ReadAllText(_path));
        Assert.DoesNotContain("Sup3rSecret", output + err);
    }

    [Fact]
    public void TwoLinesMustMatch()
    {
        var (code, _, err) = Run("one\ntwo\n", "add", "alice");
        Assert.Equal(1, code);
        Assert.Contains("do not match", err);
        Assert.False(File.Exists(_path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void MissingOrEmptyPasswordIsRefused(string stdin)
    {
        Assert.Equal(1, Run(stdin, "add", "alice").Code);
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public void AddTwiceFails()
    {
        Run("pw\n", "add", "alice");
        var (code, _, err) = Run("pw\n", "add", "ALICE");
        Assert.Equal(1, code);
        Assert.Contains("already exists", err);
    }

    [Fact]
    public void PasswdChangesHashAndTime()
    {
        File.WriteAllText(_path, "# keep me\nalice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:00000000000000000000000000000000:[DUX        ]:LCT-00000001:\n");
        var (code, output, _) = Run("password\n", "passwd", "Alice");
        Assert.Equal(0, code);
        Assert.Contains("Changed the password of alice", output);
        Assert.Equal(
            "# keep me\nalice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[DUX        ]:LCT-5F5E1234:\n",
            File.ReadAllText(_path));
    }

    [Fact]
    public void DisableEnableRemove()
    {
        Run("password\n", "add", "alice");
        Run("password\n", "add", "bob");

        Assert.Equal(0, Run("", "disable", "alice").Code);
        Assert.True(SmbPasswdFile.Load(_path).Find("alice")!.IsDisabled);
        Assert.Contains("[DU         ]", File.ReadAllText(_path));

        var list = Run("", "list");
        Assert.Equal(0, list.Code);
        Assert.Contains("disabled", list.Out.Split('\n').Single(l => l.StartsWith("alice")));
        Assert.Contains("enabled", list.Out.Split('\n').Single(l => l.StartsWith("bob")));

        Assert.Equal(0, Run("", "enable", "alice").Code);
        Assert.False(SmbPasswdFile.Load(_path).Find("alice")!.IsDisabled);

        Assert.Equal(0, Run("", "remove", "alice").Code);
        Assert.Null(SmbPasswdFile.Load(_path).Find("alice"));
        Assert.NotNull(SmbPasswdFile.Load(_path).Find("bob"));
    }

    [Theory]
    [InlineData("passwd")]
    [InlineData("disable")]
    [InlineData("enable")]
    [InlineData("remove")]
    public void VerbsOnAMissingUserFail(string verb)
    {
        var (code, _, err) = Run("pw\n", verb, "nobody-here");
        Assert.Equal(1, code);
        Assert.Contains("no user", err);
    }

    [Theory]
    [InlineData("a:b")]
    [InlineData("a/b")]
    [InlineData(" lead")]
    [InlineData("bad\tname")]
    [InlineData("dot.")]
    [InlineData("")]
    public void InvalidNamesAreRefusedForAdd(string name)
    {
        var (code, _, err) = Run("pw\n", "add", name);
        Assert.Equal(1, code);
        Assert.Contains("invalid user name", err);
    }

    [Theory]
    [InlineData()]
    [InlineData("user")]
    [InlineData("frob", "x")]
    [InlineData("add")]
    [InlineData("add", "a", "b")]
    [InlineData("list", "extra")]
    public void UsageErrorsExitTwo(params string[] args)
    {
        var (code, _, err) = Run("", args);
        Assert.Equal(2, code);
        Assert.Contains("usage:", err);
    }

    [Fact]
    public void UnwritableFileIsReported()
    {
        var (code, _, err) = Run("pw\n", "add", "alice");
        Assert.Equal(0, code);
        var badPath = Path.Combine(_dir.Path, "missing-dir", "smbpasswd");
        var output = new StringWriter();
        var errWriter = new StringWriter();
        var env = new UserCommand.Environment(_ => null, TimeProvider.System, false);
        Assert.Equal(1, UserCommand.Run(["add", "bob"], new StringReader("pw\n"), output, errWriter, badPath, env));
        Assert.Contains("cannot write", errWriter.ToString());
    }

    [Fact]
    public void ListOfMissingFileIsEmpty()
    {
        var (code, output, _) = Run("", "list");
        Assert.Equal(0, code);
        Assert.Equal("", output);
    }
}
