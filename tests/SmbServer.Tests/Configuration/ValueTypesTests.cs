using System.Net;
using SmbServer.Configuration;

namespace SmbServer.Tests.Configuration;

public class ValueTypesTests
{
    [Theory]
    [InlineData("*.tmp", "a.tmp", true)]
    [InlineData("*.tmp", "a.TMP", true)]
    [InlineData("*.tmp", "a.tmpx", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*", "", true)]
    [InlineData("**a**", "xxaxx", true)]
    [InlineData("*a*b*c", "aXbXc", true)]
    [InlineData("*a*b*c", "aXcXb", false)]
    [InlineData(".DS_Store", ".ds_store", true)]
    public void WildcardMatching(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, Wildcard.Match(pattern, name, ignoreCase: true));
    }

    [Fact]
    public void WildcardCanBeCaseSensitive()
    {
        Assert.False(Wildcard.Match("eth*", "ETH0", ignoreCase: false));
        Assert.True(Wildcard.Match("eth*", "eth0", ignoreCase: false));
    }

    [Fact]
    public void VetoFilesSyntax()
    {
        var veto = VetoFiles.Parse("/*.tmp/.DS_Store//Thumbs.db/");
        Assert.Equal(["*.tmp", ".DS_Store", "Thumbs.db"], veto.Patterns);
        Assert.True(veto.IsVetoed("x.tmp"));
        Assert.True(veto.IsVetoed("thumbs.DB"));
        Assert.False(veto.IsVetoed("notes.txt"));
        Assert.True(veto.IsPathVetoed(@"dir\.ds_store\inner"));
        Assert.True(veto.IsPathVetoed("a/b/c.TMP"));
        Assert.False(veto.IsPathVetoed(@"dir\file.txt"));
        Assert.Equal("/*.tmp/.DS_Store/Thumbs.db/", veto.ToString());
    }

    [Fact]
    public void VetoFilesWithoutLeadingSlashWarns()
    {
        var result = TestConfig.Load("[s]\npath = /s\nveto files = *.tmp\n");
        Assert.Empty(result.Errors);
        Assert.Contains("separated by '/'", Assert.Single(result.Warnings).Message);
        Assert.True(result.Config.FindShare("s")!.VetoFiles.IsVetoed("a.tmp"));
    }

    [Fact]
    public void ListSplittingHonoursQuotes()
    {
        Assert.Equal(["alice", "Domain Users", "@staff", "bob"], SmbConfList.Split("alice, \"Domain Users\"\t@staff,,bob"));
        Assert.Equal("alice, \"Domain Users\"", SmbConfList.Join(["alice", "Domain Users"]));
    }

    [Fact]
    public void InterfaceEntries()
    {
        var config = TestConfig.Clean("interfaces = eth0 192.168.1.10 10.0.0.0/8 192.168.2.0/255.255.255.0 ::1 lo*\n");
        var e = config.Interfaces;
        Assert.Equal(6, e.Count);
        Assert.Equal("eth0", e[0].Name);
        Assert.Equal(IPAddress.Parse("192.168.1.10"), e[1].Address);
        Assert.Equal(-1, e[1].PrefixLength);
        Assert.Equal(8, e[2].PrefixLength);
        Assert.Equal(24, e[3].PrefixLength);
        Assert.Equal(IPAddress.IPv6Loopback, e[4].Address);
        Assert.True(e[5].Selects("lo", IPAddress.Loopback));
    }

    [Fact]
    public void NonContiguousInterfaceMaskIsAnError()
    {
        Assert.Contains("contiguous", Assert.Single(TestConfig.Load("interfaces = 10.0.0.0/255.0.255.0\n").Errors).Message);
    }

    [Fact]
    public void InterfaceOptionsAreIgnoredWithAWarning()
    {
        var result = TestConfig.Load("interfaces = \"eth0;speed=1000000000\"\n");
        Assert.Empty(result.Errors);
        Assert.Contains("ignored", Assert.Single(result.Warnings).Message);
        Assert.Equal("eth0", Assert.Single(result.Config.Interfaces).Name);
    }

    private static readonly LocalAddress[] Local =
    [
        new("lo", IPAddress.Loopback), new("lo", IPAddress.IPv6Loopback),
        new("eth0", IPAddress.Parse("192.168.1.10")), new("eth0", IPAddress.Parse("fe80::10")),
        new("eth1", IPAddress.Parse("10.1.2.3")),
    ];

    [Fact]
    public void ListenOnAllUnlessBindInterfacesOnly()
    {
        var problems = new List<string>();
        Assert.Null(ListenAddresses.Resolve(TestConfig.Clean("interfaces = eth0\n"), Local, problems));
        Assert.Null(ListenAddresses.Resolve(TestConfig.Clean("bind interfaces only = yes\n"), Local, problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void ListenAddressesFromInterfaces()
    {
        var problems = new List<string>();
        var config = TestConfig.Clean("bind interfaces only = yes\ninterfaces = eth0 10.0.0.0/8 127.0.0.1 eth9 192.0.2.1\n");
        var addresses = ListenAddresses.Resolve(config, Local, problems)!;
        Assert.Equal(
            [IPAddress.Parse("192.168.1.10"), IPAddress.Parse("fe80::10"), IPAddress.Parse("10.1.2.3"), IPAddress.Loopback],
            addresses);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("eth9"));
        Assert.Contains(problems, p => p.Contains("192.0.2.1"));
    }

    [Fact]
    public void LoopbackEntryIsKeptWhenTheSystemHidesLo()
    {
        var problems = new List<string>();
        var config = TestConfig.Clean("bind interfaces only = yes\ninterfaces = 127.0.0.1\n");
        Assert.Equal([IPAddress.Loopback], ListenAddresses.Resolve(config, [], problems));
        Assert.Empty(problems);
    }
}
