using System.Buffers.Binary;
using Protocol.Security;

namespace Protocol.Tests.Security;

public class SecurityDescriptorTests
{
    private static SecurityDescriptor Sample() => new(
        SecurityDescriptorControl.DaclProtected,
        SecurityIdentifier.FromUnixUser(1000),
        SecurityIdentifier.FromUnixGroup(1000),
        sacl: null,
        new Acl([Ace.AccessAllowed(SecurityIdentifier.Everyone, AccessMask.FileGenericRead)]));

    [Fact]
    public void SelfRelativeLayout()
    {
        var sd = Sample();
        var o = sd.ToArray();
        Assert.Equal(20 + 16 + 16 + 28, o.Length);
        Assert.Equal(1, o[0]);
        Assert.Equal(0, o[1]);
        var control = (SecurityDescriptorControl)BinaryPrimitives.ReadUInt16LittleEndian(o.AsSpan(2));
        Assert.Equal(SecurityDescriptorControl.SelfRelative | SecurityDescriptorControl.DaclPresent
            | SecurityDescriptorControl.DaclProtected, control);
        Assert.Equal(20u, BinaryPrimitives.ReadUInt32LittleEndian(o.AsSpan(4)));   // OffsetOwner
        Assert.Equal(36u, BinaryPrimitives.ReadUInt32LittleEndian(o.AsSpan(8)));   // OffsetGroup
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(o.AsSpan(12)));   // OffsetSacl
        Assert.Equal(52u, BinaryPrimitives.ReadUInt32LittleEndian(o.AsSpan(16)));  // OffsetDacl
        Assert.Equal(Convert.FromHexString("0102000000000016" + "01000000" + "E8030000"), o[20..36]);
    }

    [Fact]
    public void RoundTrip_AtNonZeroOffset()
    {
        var sd = Sample();
        var bytes = sd.ToArray();
        var buffer = new byte[bytes.Length + 13];
        bytes.CopyTo(buffer, 13);
        Assert.True(SecurityDescriptor.TryParse(buffer.AsSpan(13), out var parsed, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(sd.Control, parsed.Control);
        Assert.Equal(sd.Owner, parsed.Owner);
        Assert.Equal(sd.Group, parsed.Group);
        Assert.Null(parsed.Sacl);
        Assert.Equal(bytes, parsed.ToArray());
    }

    [Fact]
    public void Parse_AcceptsPartsInAnyOrder()
    {
        // DACL first, then group, then owner.
        var dacl = new Acl([Ace.AccessAllowed(SecurityIdentifier.Everyone, AccessMask.FileAllAccess)]);
        int daclLength = dacl.BinaryLength;
        var b = new byte[20 + daclLength + 12 + 12];
        b[0] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), (ushort)(SecurityDescriptorControl.SelfRelative | SecurityDescriptorControl.DaclPresent));
        dacl.Write(b.AsSpan(20));
        SecurityIdentifier.CreatorGroup.Write(b.AsSpan(20 + daclLength));
        SecurityIdentifier.CreatorOwner.Write(b.AsSpan(20 + daclLength + 12));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)(20 + daclLength + 12));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), (uint)(20 + daclLength));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 20);
        Assert.True(SecurityDescriptor.TryParse(b, out var sd, out _));
        Assert.Equal(SecurityIdentifier.CreatorOwner, sd.Owner);
        Assert.Equal(SecurityIdentifier.CreatorGroup, sd.Group);
        Assert.Equal(AccessMask.FileAllAccess, sd.Dacl!.Aces[0].Mask);
    }

    [Fact]
    public void NullDacl_IsPresentWithoutAnAcl()
    {
        var sd = new SecurityDescriptor(SecurityDescriptorControl.DaclPresent, SecurityIdentifier.Everyone, null, null, null);
        var bytes = sd.ToArray();
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.True(SecurityDescriptor.TryParse(bytes, out var parsed, out _));
        Assert.True((parsed.Control & SecurityDescriptorControl.DaclPresent) != 0);
        Assert.Null(parsed.Dacl);
    }

    [Fact]
    public void DaclOffset_IsIgnoredWithoutDaclPresent()
    {
        var bytes = Sample().ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), (ushort)SecurityDescriptorControl.SelfRelative);
        Assert.True(SecurityDescriptor.TryParse(bytes, out var parsed, out _));
        Assert.Null(parsed.Dacl);
    }

    [Fact]
    public void Malformed()
    {
        byte[] good = Sample().ToArray();

        void Expect(byte[] b, NtStatus status)
        {
            Assert.False(SecurityDescriptor.TryParse(b, out _, out var error));
            Assert.Equal(status, error);
        }

        Expect(good[..19], NtStatus.InvalidSecurityDescr);

        var b = (byte[])good.Clone();
        b[0] = 2;
        Expect(b, NtStatus.InvalidSecurityDescr);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), (ushort)SecurityDescriptorControl.DaclPresent); // absolute form
        Expect(b, NtStatus.InvalidSecurityDescr);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)b.Length);   // owner past the end
        Expect(b, NtStatus.InvalidSecurityDescr);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 0xFFFFFFF0);       // huge group offset
        Expect(b, NtStatus.InvalidSecurityDescr);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 4);               // DACL inside the header
        Expect(b, NtStatus.InvalidSecurityDescr);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), (uint)(b.Length - 4)); // DACL truncated
        Expect(b, NtStatus.InvalidAcl);

        b = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)(b.Length - 4));  // owner SID truncated
        Expect(b, NtStatus.InvalidSid);
    }

    [Fact]
    public void Write_TooSmall_IsBufferTooSmall_NeverTruncated()
    {
        var sd = Sample();
        var o = new byte[sd.BinaryLength - 1];
        Assert.Equal(NtStatus.BufferTooSmall, sd.Write(o, out int written));
        Assert.Equal(0, written);
        Assert.All(o, x => Assert.Equal(0, x));
    }

    [Fact]
    public void Select_KeepsOnlyTheRequestedParts()
    {
        var sd = Sample();
        var ownerOnly = sd.Select(SecurityInformation.Owner);
        Assert.NotNull(ownerOnly.Owner);
        Assert.Null(ownerOnly.Group);
        Assert.Null(ownerOnly.Dacl);
        Assert.Equal(SecurityDescriptorControl.SelfRelative, ownerOnly.Control);
        Assert.Equal(20 + 16, ownerOnly.BinaryLength);

        var daclOnly = sd.Select(SecurityInformation.Dacl);
        Assert.Null(daclOnly.Owner);
        Assert.NotNull(daclOnly.Dacl);
        Assert.Equal(SecurityDescriptorControl.SelfRelative | SecurityDescriptorControl.DaclPresent
            | SecurityDescriptorControl.DaclProtected, daclOnly.Control);
    }
}
