using SmbServer.Tests.Configuration;
using SmbServer.Users;

namespace SmbServer.Tests.Users;

public class UserListTests
{
    private sealed class Groups : IUnixGroupLookup
    {
        public bool IsMember(string userName, string groupName) =>
            (groupName, userName.ToLowerInvariant()) is ("staff", "carol") or ("admins", "dave");
    }

    [Fact]
    public void NamesGroupsAndShareName()
    {
        var list = new UserList(["alice", "@staff", "+admins", "%S", "&netgroup"]);
        var groups = new Groups();
        Assert.True(list.Contains("ALICE", groups, "x"));
        Assert.True(list.Contains("carol", groups, "x"));
        Assert.True(list.Contains("dave", groups, "x"));
        Assert.True(list.Contains("erin", groups, "erin")); // %S = share name
        Assert.False(list.Contains("erin", groups, "x"));
        Assert.False(list.Contains("netgroup", groups, "x"));
    }

    [Fact]
    public void ValidAndInvalidUsersOnAShare()
    {
        var result = TestConfig.Load("[s]\npath = /s\nvalid users = alice @staff\ninvalid users = carol\n");
        Assert.Empty(result.Errors);
        var share = result.Config.FindShare("s")!;
        var groups = new Groups();
        Assert.True(share.IsUserAllowed("alice", groups));
        Assert.False(share.IsUserAllowed("carol", groups)); // in @staff, but invalid users wins
        Assert.False(share.IsUserAllowed("bob", groups));
    }

    [Fact]
    public void InvalidUsersAloneRefusesOnlyThem()
    {
        var share = TestConfig.Clean("[s]\npath = /s\ninvalid users = root\n").FindShare("s")!;
        Assert.False(share.IsUserAllowed("ROOT", new Groups()));
        Assert.True(share.IsUserAllowed("anyone", new Groups()));
    }

    [Fact]
    public void NetgroupsAndOtherSubstitutionsWarn()
    {
        var result = TestConfig.Load("[s]\npath = /s\nvalid users = &ng %U\n");
        Assert.Equal(2, result.Warnings.Count);
    }

    [Fact]
    public void EtcGroupMembershipIncludesPrimaryGroups()
    {
        using var dir = new TempDirectory();
        var group = dir.Write("group", "root:x:0:\nstaff:x:50:carol, Frank\nusers:x:100:\n");
        var passwd = dir.Write("passwd", "root:x:0:0:root:/root:/bin/sh\ngina:x:1005:100:Gina:/home/gina:/bin/sh\n");
        var lookup = new EtcGroup(group, passwd);
        Assert.True(lookup.IsMember("carol", "staff"));
        Assert.True(lookup.IsMember("frank", "staff"));
        Assert.False(lookup.IsMember("gina", "staff"));
        Assert.True(lookup.IsMember("gina", "users")); // primary group
        Assert.False(lookup.IsMember("carol", "nosuchgroup"));
        Assert.False(new EtcGroup(dir.File("none"), passwd).IsMember("carol", "staff"));
    }

    [Fact]
    public void EtcPasswdLookup()
    {
        using var dir = new TempDirectory();
        var passwd = dir.Write("passwd", "# comment\nbroken line\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\nAlice:x:2000:2000::/home/Alice:/bin/sh\nbob:x:1001:1001::/home/bob:/bin/sh\n");
        var etc = new EtcPasswd(passwd);
        Assert.Equal(1000u, etc.Find("alice")!.Uid);
        Assert.Equal(2000u, etc.Find("Alice")!.Uid);
        Assert.Equal("/home/bob", etc.Find("BOB")!.HomeDirectory);
        Assert.Null(etc.Find("carol"));
        Assert.Null(new EtcPasswd(dir.File("none")).Find("alice"));
    }
}
