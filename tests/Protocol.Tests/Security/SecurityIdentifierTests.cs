using Protocol.Security;

namespace Protocol.Tests.Security;

public class SecurityIdentifierTests
{
    // MS-DTYP 2.4.2.2: S-1-5-32-544 (BUILTIN\Administrators) in binary form.
    private static readonly byte[] BuiltinAdministratorsBytes = Convert.FromHexString("01020000000000052000000020020000");

    [Fact]
    public void BuiltinAdministrators_EncodesToTheKnownBytes()
    {
        var buffer = new byte[16];
        Assert.Equal(16, SecurityIdentifier.BuiltinAdministrators.Write(buffer));
        Assert.Equal(BuiltinAdministratorsBytes, buffer);
        Assert.Equal("S-1-5-32-544", SecurityIdentifier.BuiltinAdministrators.ToString());
    }

    [Fact]
    public void Everyone_IsS110()
    {
        var buffer = new byte[12];
        SecurityIdentifier.Everyone.Write(buffer);
        Assert.Equal(Convert.FromHexString("010100000000000100000000"), buffer);
        Assert.Equal("S-1-1-0", SecurityIdentifier.Everyone.ToString());
    }

    [Fact]
    public void Parse_AtNonZeroOffset_RoundTrips()
    {
        var buffer = new byte[40];
        BuiltinAdministratorsBytes.CopyTo(buffer, 7);
        Assert.True(SecurityIdentifier.TryParse(buffer.AsSpan(7), out var sid, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(SecurityIdentifier.BuiltinAdministrators, sid);
        Assert.Equal(16, sid.BinaryLength);
        Assert.Equal(544u, sid.Rid);
    }

    [Theory]
    [InlineData("0102000000000005200000002002")]    // truncated sub-authority
    [InlineData("01020000000000")]                  // truncated header
    [InlineData("02010000000000010000000000")]      // revision 2
    [InlineData("011000000000000500000000")]        // 16 sub-authorities
    [InlineData("01FF0000000000050000000000")]      // 255 sub-authorities
    public void Malformed_IsInvalidSid(string hex)
    {
        Assert.False(SecurityIdentifier.TryParse(Convert.FromHexString(hex), out _, out var error));
        Assert.Equal(NtStatus.InvalidSid, error);
    }

    [Theory]
    [InlineData("S-1-5-21-3623811015-3361044348-30300820-1013")]
    [InlineData("S-1-22-1-1000")]
    [InlineData("S-1-0-0")]
    [InlineData("S-1-5")]
    [InlineData("S-1-0x123456789ABC-1")]
    public void StringForm_RoundTripsThroughBinary(string text)
    {
        Assert.True(SecurityIdentifier.TryParseString(text, out var sid));
        var bytes = new byte[sid.BinaryLength];
        sid.Write(bytes);
        Assert.True(SecurityIdentifier.TryParse(bytes, out var back, out _));
        Assert.Equal(sid, back);
        Assert.Equal(text.ToUpperInvariant(), back.ToString().ToUpperInvariant());
    }

    [Theory]
    [InlineData("")]
    [InlineData("S-2-5")]
    [InlineData("S-1")]
    [InlineData("S-1-")]
    [InlineData("S-1-5-")]
    [InlineData("S-1-5-x")]
    [InlineData("S-1-281474976710656")]   // authority above 48 bits
    [InlineData("S-1-5-4294967296")]      // sub-authority above 32 bits
    [InlineData("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16")]
    [InlineData("X-1-5")]
    public void StringForm_Malformed(string text)
        => Assert.False(SecurityIdentifier.TryParseString(text, out _));

    [Fact]
    public void UnixIds_MapToS122()
    {
        var user = SecurityIdentifier.FromUnixUser(1000);
        var group = SecurityIdentifier.FromUnixGroup(100);
        Assert.Equal("S-1-22-1-1000", user.ToString());
        Assert.Equal("S-1-22-2-100", group.ToString());
        Assert.True(user.TryGetUnixUser(out uint uid));
        Assert.Equal(1000u, uid);
        Assert.False(user.TryGetUnixGroup(out _));
        Assert.True(group.TryGetUnixGroup(out uint gid));
        Assert.Equal(100u, gid);
        Assert.False(SecurityIdentifier.Everyone.TryGetUnixUser(out _));
    }

    [Fact]
    public void WellKnownSids()
    {
        Assert.Equal("S-1-3-0", SecurityIdentifier.CreatorOwner.ToString());
        Assert.Equal("S-1-3-1", SecurityIdentifier.CreatorGroup.ToString());
        Assert.Equal("S-1-5-11", SecurityIdentifier.AuthenticatedUsers.ToString());
        Assert.Equal("S-1-5-18", SecurityIdentifier.LocalSystem.ToString());
        Assert.Equal("S-1-5-21-1-2-3-500", SecurityIdentifier.FromDomain(1, 2, 3, 500).ToString());
    }

    [Fact]
    public void Equality_IsByValue()
    {
        Assert.True(SecurityIdentifier.TryParseString("S-1-1-0", out var everyone));
        Assert.Equal(SecurityIdentifier.Everyone, everyone);
        Assert.True(SecurityIdentifier.Everyone == everyone);
        Assert.Equal(SecurityIdentifier.Everyone.GetHashCode(), everyone.GetHashCode());
        Assert.NotEqual(SecurityIdentifier.CreatorOwner, SecurityIdentifier.CreatorGroup);
    }
}
