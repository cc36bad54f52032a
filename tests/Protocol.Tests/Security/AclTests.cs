using System.Buffers.Binary;
using Protocol.Security;

namespace Protocol.Tests.Security;

public class AclTests
{
    [Fact]
    public void AccessAllowedAce_Layout()
    {
        var ace = Ace.AccessAllowed(SecurityIdentifier.Everyone, AccessMask.FileGenericRead, AceFlags.ObjectInherit);
        var buffer = new byte[ace.BinaryLength];
        Assert.Equal(20, ace.Write(buffer));
        Assert.Equal(Convert.FromHexString("0001" + "1400" + "89001200" + "010100000000000100000000"), buffer);
    }

    [Fact]
    public void Acl_Layout_AndRoundTripAtOffset()
    {
        var acl = new Acl([
            Ace.AccessAllowed(SecurityIdentifier.FromUnixUser(1000), AccessMask.FileAllAccess),
            Ace.AccessDenied(SecurityIdentifier.Everyone, AccessMask.WriteDac, AceFlags.ContainerInherit | AceFlags.InheritOnly),
        ]);
        var buffer = new byte[acl.BinaryLength + 9];
        Assert.Equal(acl.BinaryLength, acl.Write(buffer.AsSpan(9)));
        Span<byte> o = buffer.AsSpan(9);
        Assert.Equal(2, o[0]);                                  // ACL_REVISION
        Assert.Equal(8 + 24 + 20, BinaryPrimitives.ReadUInt16LittleEndian(o[2..]));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(o[4..]));

        Assert.True(Acl.TryParse(buffer.AsSpan(9), out var parsed, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(2, parsed.Aces.Count);
        Assert.Equal(AceType.AccessDenied, parsed.Aces[1].Type);
        Assert.Equal(AceFlags.ContainerInherit | AceFlags.InheritOnly, parsed.Aces[1].Flags);
        Assert.Equal(AccessMask.WriteDac, parsed.Aces[1].Mask);
        Assert.Equal(SecurityIdentifier.FromUnixUser(1000), parsed.Aces[0].Sid);
        var again = new byte[parsed.BinaryLength];
        parsed.Write(again);
        Assert.Equal(buffer.AsSpan(9).ToArray(), again);
    }

    [Fact]
    public void UnknownAceType_RoundTripsOpaque()
    {
        // An ACCESS_ALLOWED_OBJECT_ACE body we do not decode: kept byte for byte.
        var body = Convert.FromHexString("FF0100000100000000112233445566778899AABBCCDDEEFF" + "010100000000000100000000");
        var ace = new byte[4 + body.Length];
        ace[0] = (byte)AceType.AccessAllowedObject;
        BinaryPrimitives.WriteUInt16LittleEndian(ace.AsSpan(2), (ushort)ace.Length);
        body.CopyTo(ace, 4);
        var acl = new byte[8 + ace.Length];
        acl[0] = Acl.AclRevisionDs;
        BinaryPrimitives.WriteUInt16LittleEndian(acl.AsSpan(2), (ushort)acl.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(acl.AsSpan(4), 1);
        ace.CopyTo(acl, 8);

        Assert.True(Acl.TryParse(acl, out var parsed, out _));
        Assert.Null(parsed.Aces[0].Sid);
        var again = new byte[parsed.BinaryLength];
        parsed.Write(again);
        Assert.Equal(acl, again);
    }

    private static byte[] OneAceAcl()
    {
        var acl = new Acl([Ace.AccessAllowed(SecurityIdentifier.Everyone, AccessMask.FileGenericRead)]);
        var b = new byte[acl.BinaryLength];
        acl.Write(b);
        return b;
    }

    [Fact]
    public void Malformed_IsInvalidAcl()
    {
        byte[] good = OneAceAcl();
        Assert.True(Acl.TryParse(good, out _, out _));

        void Expect(byte[] b, NtStatus status)
        {
            Assert.False(Acl.TryParse(b, out _, out var error));
            Assert.Equal(status, error);
        }

        Expect(good[..7], NtStatus.InvalidAcl);                 // truncated header
        Expect(good[..^1], NtStatus.InvalidAcl);                // AclSize past the end

        var b = (byte[])good.Clone();
        b[0] = 3;                                               // unknown revision
        Expect(b, NtStatus.InvalidAcl);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), 0xFFFF);  // huge AceCount
        Expect(b, NtStatus.InvalidAcl);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), 2);       // a second ACE that is not there
        Expect(b, NtStatus.InvalidAcl);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8 + 2), 22);  // AceSize not a multiple of 4
        Expect(b, NtStatus.InvalidAcl);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8 + 2), 24);  // AceSize past AclSize
        Expect(b, NtStatus.InvalidAcl);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8 + 2), 8);   // too small for Mask + SID
        Expect(b, NtStatus.InvalidAcl);

        b = (byte[])good.Clone();
        b[8 + 8 + 1] = 2;                                               // SID claims 2 sub-authorities
        Expect(b, NtStatus.InvalidSid);
    }

    [Fact]
    public void FileGenericMapping_MapsGenericBits()
    {
        Assert.Equal(AccessMask.FileGenericRead | AccessMask.Delete, FileGenericMapping.Map(AccessMask.GenericRead | AccessMask.Delete));
        Assert.Equal(AccessMask.FileAllAccess, FileGenericMapping.Map(AccessMask.GenericAll));
        Assert.Equal(AccessMask.FileGenericWrite | AccessMask.FileGenericExecute | AccessMask.MaximumAllowed,
            FileGenericMapping.Map(AccessMask.GenericWrite | AccessMask.GenericExecute | AccessMask.MaximumAllowed));
        Assert.Equal(0x001F01FFu, (uint)AccessMask.FileAllAccess);
        Assert.Equal(0x00120116u, (uint)AccessMask.FileGenericWrite);
        Assert.Equal(0x001200A0u, (uint)AccessMask.FileGenericExecute);
    }
}
