using SmbServer.Tests.Configuration;
using SmbServer.Users;

namespace SmbServer.Tests.Users;

public class UserDatabaseTests
{
    private const string AliceLine = "alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[U          ]:LCT-5F5E1234:\n";

    [Fact]
    public void LooksUpIgnoringCase()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("smbpasswd", AliceLine + "bob:1001:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[DU         ]:LCT-00000000:\n");
        var db = new UserDatabase(path);

        Assert.True(db.TryGetUser("ALICE", out var alice));
        Assert.Equal("alice", alice.Name);
        Assert.Equal(Convert.FromHexString("8846F7EAEE8FB117AD06BDD830B7586C"), alice.NtHash.ToArray());
        Assert.True(alice.HasNtHash);
        Assert.False(alice.IsDisabled);

        Assert.True(db.TryGetUser("bob", out var bob));
        Assert.True(bob.IsDisabled);
        Assert.False(bob.HasNtHash);
        Assert.True(bob.NtHash.IsEmpty);

        Assert.False(db.TryGetUser("carol", out _));
        Assert.Equal(2, db.Users.Count);
    }

    [Fact]
    public void ReloadsWhenTheFileChanges()
    {
        using var dir = new TempDirectory();
        var path = dir.File("smbpasswd");
        var db = new UserDatabase(path); // no file yet
        Assert.False(db.TryGetUser("alice", out _));

        File.WriteAllText(path, AliceLine);
        Assert.True(db.TryGetUser("alice", out _));

        var file = SmbPasswdFile.Load(path);
        file.Set(file.Find("alice")! with { Flags = SmbAccountFlags.NormalAccount | SmbAccountFlags.Disabled });
        file.Save(path);
        Assert.True(db.TryGetUser("alice", out var alice));
        Assert.True(alice.IsDisabled);

        File.Delete(path);
        Assert.False(db.TryGetUser("alice", out _));
    }

    [Fact]
    public void ReportsMalformedLines()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("smbpasswd", "garbage\n" + AliceLine);
        var db = new UserDatabase(path);
        Assert.Equal(1, Assert.Single(db.Problems).Line);
        Assert.True(db.TryGetUser("alice", out _));
    }
}
