using SmbServer.Tests.Configuration;
using SmbServer.Users;

namespace SmbServer.Tests.Users;

public class SmbPasswdFileTests
{
    private const string AliceLine = "alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[U          ]:LCT-5F5E1234:";

    [Fact]
    public void ParsesASambaLine()
    {
        Assert.True(SmbPasswdEntry.TryParse(AliceLine, out var e, out _));
        Assert.Equal("alice", e.Name);
        Assert.Equal(1000u, e.Uid);
        Assert.Equal(Convert.FromHexString("8846F7EAEE8FB117AD06BDD830B7586C"), e.NtHash);
        Assert.Equal(SmbAccountFlags.NormalAccount, e.Flags);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0x5F5E1234), e.LastChange);
        Assert.False(e.IsDisabled);
    }

    [Fact]
    public void FormatsExactlyLikeSamba()
    {
        Assert.True(SmbPasswdEntry.TryParse(AliceLine, out var e, out _));
        Assert.Equal(AliceLine, e.Format());
    }

    [Fact]
    public void NtHashIsMd4OfThePassword()
    {
        // "password" -> 8846F7EA..., the hash in the line above.
        Assert.Equal(Convert.FromHexString("8846F7EAEE8FB117AD06BDD830B7586C"), SmbPasswdEntry.HashPassword("password"));
    }

    [Theory]
    [InlineData("[U          ]", SmbAccountFlags.NormalAccount)]
    [InlineData("[UX         ]", SmbAccountFlags.NormalAccount | SmbAccountFlags.DontExpirePassword)]
    [InlineData("[DU         ]", SmbAccountFlags.NormalAccount | SmbAccountFlags.Disabled)]
    [InlineData("[NU         ]", SmbAccountFlags.NormalAccount | SmbAccountFlags.PasswordNotRequired)]
    [InlineData("[W          ]", SmbAccountFlags.WorkstationTrustAccount)]
    [InlineData("[NDHTUMWSLXI]", (SmbAccountFlags)0x7FF)]
    public void FlagsRoundTrip(string field, SmbAccountFlags flags)
    {
        Assert.True(SmbAccountFlagsField.TryParse(field, out var parsed));
        Assert.Equal(flags, parsed);
        Assert.Equal(field, SmbAccountFlagsField.Format(flags));
    }

    [Theory]
    [InlineData("[XU]", SmbAccountFlags.NormalAccount | SmbAccountFlags.DontExpirePassword)] // any order, any padding
    [InlineData("[]", SmbAccountFlags.None)]
    public void FlagsAreReadLeniently(string field, SmbAccountFlags flags)
    {
        Assert.True(SmbAccountFlagsField.TryParse(field, out var parsed));
        Assert.Equal(flags, parsed);
    }

    [Theory]
    [InlineData("[Q          ]")]
    [InlineData("U          ]")]
    [InlineData("[U")]
    public void BadFlagsAreRejected(string field)
    {
        Assert.False(SmbAccountFlagsField.TryParse(field, out _));
    }

    [Fact]
    public void NoPasswordEntry()
    {
        Assert.True(SmbPasswdEntry.TryParse("guest:65534:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:[NU         ]:LCT-00000000:", out var e, out _));
        Assert.Null(e.NtHash);
        Assert.True((e.Flags & SmbAccountFlags.PasswordNotRequired) != 0);
        Assert.Equal("guest:65534:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:[NU         ]:LCT-00000000:", e.Format());
    }

    [Fact]
    public void RealLmHashIsReadButNeverWritten()
    {
        Assert.True(SmbPasswdEntry.TryParse("bob:1001:E52CAC67419A9A224A3B108F3FA6CB6D:8846F7EAEE8FB117AD06BDD830B7586C:[U          ]:LCT-5F5E1234:", out var e, out _));
        Assert.StartsWith("bob:1001:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EA", e.Format());
    }

    [Fact]
    public void OldFormatWithoutFlagsIsAnOrdinaryUser()
    {
        Assert.True(SmbPasswdEntry.TryParse("carol:1002:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:Carol:/home/carol:/bin/sh", out var e, out _));
        Assert.Equal(SmbAccountFlags.NormalAccount, e.Flags);
        Assert.Null(e.LastChange);
    }

    [Theory]
    [InlineData("only:two", "fewer than 4")]
    [InlineData(":1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U          ]:", "empty user name")]
    [InlineData("a:uid:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U          ]:", "uid")]
    [InlineData("a:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EA:[U          ]:", "NT hash")]
    [InlineData("a:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:ZZ46F7EAEE8FB117AD06BDD830B7586C:[U          ]:", "NT hash")]
    [InlineData("a:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U?         ]:", "account flags")]
    [InlineData("a:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U          ]:LCT-nothex:", "LCT")]
    public void MalformedLines(string line, string problem)
    {
        Assert.False(SmbPasswdEntry.TryParse(line, out _, out var message));
        Assert.Contains(problem, message);
    }

    [Fact]
    public void NegativeUidKeepsItsBits()
    {
        Assert.True(SmbPasswdEntry.TryParse("x:-1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U          ]:LCT-00000000:", out var e, out _));
        Assert.Equal(uint.MaxValue, e.Uid);
    }

    [Fact]
    public void FileRoundTripKeepsEveryLineItDoesNotChange()
    {
        var text = "# Samba smbpasswd file\n\n" + AliceLine + "\n"
            + "this line is garbage\n"
            + "Bob:1001:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[UX]:LCT-00000001:extra\r\n";
        var file = SmbPasswdFile.Parse(text);

        Assert.Equal(text, file.Format());
        Assert.Equal(["alice", "Bob"], file.Entries.Select(e => e.Name));
        var problem = Assert.Single(file.Problems);
        Assert.Equal(4, problem.Line);

        // Changing one user rewrites only that line.
        file.Set(file.Find("BOB")! with { Flags = file.Find("bob")!.Flags | SmbAccountFlags.Disabled });
        var lines = file.Format().Split('\n');
        Assert.Equal("# Samba smbpasswd file", lines[0]);
        Assert.Equal(AliceLine, lines[2]);
        Assert.Equal("this line is garbage", lines[3]);
        Assert.Equal("Bob:1001:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[DUX        ]:LCT-00000001:", lines[4]);
    }

    [Fact]
    public void AddAndRemove()
    {
        var file = SmbPasswdFile.Parse(AliceLine); // no final line break
        file.Set(new SmbPasswdEntry { Name = "dave", Uid = 65534, NtHash = new byte[16], LastChange = DateTimeOffset.FromUnixTimeSeconds(16) });
        Assert.Equal(AliceLine + "\ndave:65534:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:00000000000000000000000000000000:[U          ]:LCT-00000010:\n", file.Format());
        Assert.True(file.Remove("ALICE"));
        Assert.False(file.Remove("alice"));
        Assert.Equal(["dave"], file.Entries.Select(e => e.Name));
    }

    [Fact]
    public void FirstDuplicateWins()
    {
        var file = SmbPasswdFile.Parse(AliceLine + "\n" + AliceLine.Replace(":1000:", ":2000:") + "\n");
        Assert.Equal(1000u, file.Find("alice")!.Uid);
    }

    [Fact]
    public void SaveIsAtomicWithMode0600()
    {
        using var dir = new TempDirectory();
        var path = dir.File("smbpasswd");
        File.WriteAllText(path, "# old\n");
        var file = SmbPasswdFile.Load(path);
        file.Set(SmbPasswdFile.Parse(AliceLine).Entries[0]);
        file.Save(path);

        Assert.Equal("# old\n" + AliceLine + "\n", File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["smbpasswd"], Directory.GetFiles(dir.Path).Select(Path.GetFileName)); // no temporary file left behind
    }

    [Fact]
    public void MissingFileLoadsEmpty()
    {
        using var dir = new TempDirectory();
        Assert.Empty(SmbPasswdFile.Load(dir.File("none")).Entries);
        Assert.Empty(SmbPasswdFile.Load(dir.File("no/such/dir/file")).Entries);
    }
}
