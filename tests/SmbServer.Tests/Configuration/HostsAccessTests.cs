using System.Net;
using SmbServer.Configuration;
using SmbServer.Configuration.ParameterTypes;

namespace SmbServer.Tests.Configuration;

public class HostsAccessTests
{
    private static HostList List(string text)
    {
        Assert.True(HostListType.Instance.TryParse(text, out var list, out var error, []), error);
        return list;
    }

    private static bool Allowed(string allow, string deny, string client) =>
        new HostsAccess(List(allow), List(deny)).IsAllowed(IPAddress.Parse(client));

    [Theory]
    // allow, deny, client, expected
    [InlineData("", "", "203.0.113.9", true)]                                       // no lists: everyone
    [InlineData("192.168.1.", "", "192.168.1.77", true)]                            // allow only: must match
    [InlineData("192.168.1.", "", "192.168.10.77", false)]                          // prefix is per octet, not per character
    [InlineData("", "192.168.1.", "192.168.1.77", false)]                           // deny only: refuses matches
    [InlineData("", "192.168.1.", "10.0.0.1", true)]                                //   and admits the rest
    [InlineData("10.0.0.0/8", "10.1.0.0/16", "10.1.2.3", true)]                     // both match: allow wins (Samba)
    [InlineData("10.0.0.0/8", "ALL", "10.200.0.1", true)]                           // the "deny all, allow some" idiom
    [InlineData("10.0.0.0/8", "ALL", "172.16.0.1", false)]
    [InlineData("10.0.0.0/8", "172.16.0.0/12", "192.0.2.1", true)]                  // both set, neither matches: admitted (Samba)
    [InlineData("10.0.0.0/8", "172.16.0.0/12", "172.16.5.5", false)]
    [InlineData("10.0.0.0/255.0.0.0", "", "10.20.30.40", true)]                     // addr/mask
    [InlineData("10.0.0.0/255.0.0.0", "", "11.20.30.40", false)]
    [InlineData("192.168.1.0/24", "", "192.168.1.255", true)]                        // CIDR
    [InlineData("192.168.1.0/24", "", "192.168.2.0", false)]
    [InlineData("192.168.1.10", "", "192.168.1.10", true)]                          // exact address
    [InlineData("192.168.1.10", "", "192.168.1.100", false)]
    [InlineData("192.168.1.*", "", "192.168.1.100", true)]                          // address pattern
    [InlineData("ALL", "", "198.51.100.1", true)]
    [InlineData("all", "", "2001:db8::1", true)]
    [InlineData("192.168. EXCEPT 192.168.1.", "", "192.168.2.5", true)]             // EXCEPT
    [InlineData("192.168. EXCEPT 192.168.1.", "", "192.168.1.5", false)]
    [InlineData("ALL EXCEPT 10. EXCEPT 10.0.0.1", "", "10.0.0.1", true)]             // EXCEPT nests to the right
    [InlineData("ALL EXCEPT 10. EXCEPT 10.0.0.1", "", "10.0.0.2", false)]
    [InlineData("", "ALL EXCEPT 10.0.0.0/8", "10.1.1.1", true)]                     // EXCEPT in deny
    [InlineData("", "ALL EXCEPT 10.0.0.0/8", "11.1.1.1", false)]
    [InlineData("2001:db8::/32", "", "2001:db8:1::5", true)]                         // IPv6 network
    [InlineData("2001:db8::/32", "", "2001:db9::5", false)]
    [InlineData("[2001:db8::1]", "", "2001:db8::1", true)]                           // bracketed IPv6
    [InlineData("fe80::1", "", "fe80::2", false)]
    [InlineData("10.0.0.1", "", "::ffff:10.0.0.1", true)]                            // IPv4-mapped client
    [InlineData("10.0.0.0/8", "", "::ffff:11.0.0.1", false)]
    [InlineData("10.0.0.1", "", "127.0.0.1", true)]                                  // loopback always allowed ...
    [InlineData("10.0.0.1", "", "::1", true)]
    [InlineData("10.0.0.1", "127.0.0.1", "127.0.0.1", false)]                        // ... unless denied
    [InlineData("", "localhost", "::1", false)]
    [InlineData("localhost", "", "192.0.2.1", false)]
    [InlineData("fileserver.lan", "", "192.0.2.1", false)]                           // host names never match
    [InlineData("", "fileserver.lan", "192.0.2.1", true)]
    public void Matrix(string allow, string deny, string client, bool expected)
    {
        Assert.Equal(expected, Allowed(allow, deny, client));
    }

    [Theory]
    [InlineData("10.0.0.0/8", HostPatternKind.Network)]
    [InlineData("10.0.0.0/255.0.0.0", HostPatternKind.Network)]
    [InlineData("fe80::/10", HostPatternKind.Network)]
    [InlineData("10.1.2.3", HostPatternKind.Address)]
    [InlineData("::1", HostPatternKind.Address)]
    [InlineData("10.", HostPatternKind.IPv4Prefix)]
    [InlineData("10.1.2.", HostPatternKind.IPv4Prefix)]
    [InlineData("10.1.*.5", HostPatternKind.AddressPattern)]
    [InlineData("ALL", HostPatternKind.All)]
    [InlineData("EXCEPT", HostPatternKind.Except)]
    [InlineData("LocalHost", HostPatternKind.Localhost)]
    [InlineData("server", HostPatternKind.Unsupported)]
    [InlineData(".example.com", HostPatternKind.Unsupported)]
    [InlineData("@group", HostPatternKind.Unsupported)]
    [InlineData("10", HostPatternKind.Unsupported)]
    [InlineData("300.1.", HostPatternKind.Unsupported)]
    [InlineData("10.0.0.0/33", HostPatternKind.Invalid)]
    [InlineData("10.0.0.0/ffff::", HostPatternKind.Invalid)]
    [InlineData("nothost/8", HostPatternKind.Invalid)]
    public void PatternKinds(string text, HostPatternKind kind)
    {
        Assert.Equal(kind, HostPattern.Parse(text).Kind);
    }

    [Fact]
    public void AllowAllAdmitsEveryone()
    {
        Assert.True(HostsAccess.AllowAll.IsAllowed(IPAddress.Parse("203.0.113.1")));
    }

    [Fact]
    public void ShareHelperUsesItsLists()
    {
        var share = TestConfig.Clean("[s]\npath = /s\nhosts allow = 192.168.1.0/24\nhosts deny = ALL\n").FindShare("s")!;
        Assert.True(share.IsHostAllowed(IPAddress.Parse("192.168.1.3")));
        Assert.False(share.IsHostAllowed(IPAddress.Parse("192.168.3.3")));
    }
}
