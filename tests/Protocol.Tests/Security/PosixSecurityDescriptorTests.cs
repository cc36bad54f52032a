using Protocol.Security;

namespace Protocol.Tests.Security;

public class PosixSecurityDescriptorTests
{
    [Fact]
    public void File0644_OwnerReadWrite_GroupAndEveryoneRead()
    {
        var sd = PosixSecurityDescriptor.FromMode(1000, 100, 0x1A4 /* 0644 */, isDirectory: false);
        Assert.Equal(SecurityIdentifier.FromUnixUser(1000), sd.Owner);
        Assert.Equal(SecurityIdentifier.FromUnixGroup(100), sd.Group);
        Assert.Equal(SecurityDescriptorControl.SelfRelative | SecurityDescriptorControl.DaclPresent, sd.Control);
        Assert.Null(sd.Sacl);

        var aces = sd.Dacl!.Aces;
        Assert.Equal(3, aces.Count);
        Assert.All(aces, a => Assert.Equal(AceType.AccessAllowed, a.Type));
        Assert.All(aces, a => Assert.Equal(AceFlags.None, a.Flags));

        Assert.Equal(SecurityIdentifier.FromUnixUser(1000), aces[0].Sid);
        Assert.Equal(AccessMask.FileGenericRead | AccessMask.FileGenericWrite | AccessMask.Delete
            | AccessMask.ReadControl | AccessMask.WriteDac | AccessMask.FileReadAttributes
            | AccessMask.FileWriteAttributes | AccessMask.Synchronize, aces[0].Mask);
        Assert.Equal(0, (int)(aces[0].Mask & AccessMask.FileExecute));
        Assert.Equal(0, (int)(aces[0].Mask & AccessMask.WriteOwner));

        Assert.Equal(SecurityIdentifier.FromUnixGroup(100), aces[1].Sid);
        Assert.Equal(AccessMask.FileGenericRead, aces[1].Mask);
        Assert.Equal(SecurityIdentifier.Everyone, aces[2].Sid);
        Assert.Equal(AccessMask.FileGenericRead, aces[2].Mask);
    }

    [Fact]
    public void File0600_HasNoGroupOrEveryoneAce()
    {
        var sd = PosixSecurityDescriptor.FromMode(0, 0, 0x180 /* 0600 */, isDirectory: false);
        Assert.Single(sd.Dacl!.Aces);
    }

    [Fact]
    public void File0000_OwnerKeepsOwnerRightsOnly()
    {
        var sd = PosixSecurityDescriptor.FromMode(5, 5, 0, isDirectory: false);
        var ace = Assert.Single(sd.Dacl!.Aces);
        Assert.Equal(AccessMask.ReadControl | AccessMask.WriteDac | AccessMask.FileReadAttributes
            | AccessMask.FileWriteAttributes | AccessMask.Synchronize, ace.Mask);
    }

    [Fact]
    public void Directory0755_AddsDeleteChildForWriters_AndInheritableAces()
    {
        var sd = PosixSecurityDescriptor.FromMode(1000, 1000, 0x1ED /* 0755 */, isDirectory: true);
        var aces = sd.Dacl!.Aces;
        Assert.Equal(6, aces.Count);

        Assert.True((aces[0].Mask & AccessMask.FileDeleteChild) != 0);
        Assert.True((aces[0].Mask & AccessMask.FileTraverse) != 0);
        Assert.Equal(AccessMask.FileGenericRead | AccessMask.FileGenericExecute, aces[1].Mask);
        Assert.Equal(AccessMask.FileGenericRead | AccessMask.FileGenericExecute, aces[2].Mask);
        Assert.All(aces.Take(3), a => Assert.Equal(AceFlags.None, a.Flags));

        const AceFlags inherit = AceFlags.ObjectInherit | AceFlags.ContainerInherit | AceFlags.InheritOnly;
        Assert.Equal(SecurityIdentifier.CreatorOwner, aces[3].Sid);
        Assert.Equal(aces[0].Mask, aces[3].Mask);
        Assert.Equal(SecurityIdentifier.CreatorGroup, aces[4].Sid);
        Assert.Equal(aces[1].Mask, aces[4].Mask);
        Assert.Equal(SecurityIdentifier.Everyone, aces[5].Sid);
        Assert.All(aces.Skip(3), a => Assert.Equal(inherit, a.Flags));
    }

    [Theory]
    [InlineData(0u, AccessMask.None)]
    [InlineData(4u, AccessMask.FileGenericRead)]
    [InlineData(2u, AccessMask.FileGenericWrite)]
    [InlineData(1u, AccessMask.FileGenericExecute)]
    [InlineData(7u, AccessMask.FileGenericRead | AccessMask.FileGenericWrite | AccessMask.FileGenericExecute)]
    public void PermissionBits_MapToFileGenericRights(uint rwx, AccessMask expected)
        => Assert.Equal(expected, PosixSecurityDescriptor.MapPermissionBits(rwx, isDirectory: false));

    [Fact]
    public void OnlyRequestedPartsAreIncluded()
    {
        var owner = PosixSecurityDescriptor.FromMode(1, 2, 0x1FF, false, SecurityInformation.Owner);
        Assert.NotNull(owner.Owner);
        Assert.Null(owner.Group);
        Assert.Null(owner.Dacl);
        Assert.Equal(SecurityDescriptorControl.SelfRelative, owner.Control);

        var groupDacl = PosixSecurityDescriptor.FromMode(1, 2, 0x1FF, false, SecurityInformation.Group | SecurityInformation.Dacl);
        Assert.Null(groupDacl.Owner);
        Assert.NotNull(groupDacl.Group);
        Assert.NotNull(groupDacl.Dacl);

        // A SACL is never synthesised, even when asked for.
        var sacl = PosixSecurityDescriptor.FromMode(1, 2, 0x1FF, false, SecurityInformation.Sacl);
        Assert.Null(sacl.Sacl);
        Assert.Equal(20, sacl.BinaryLength);
    }

    [Fact]
    public void Synthesised_Descriptor_RoundTripsThroughTheParser()
    {
        var sd = PosixSecurityDescriptor.FromMode(1000, 1000, 0x1FD /* 0775 */, isDirectory: true);
        var bytes = sd.ToArray();
        Assert.True(SecurityDescriptor.TryParse(bytes, out var parsed, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(sd.Dacl!.Aces.Count, parsed.Dacl!.Aces.Count);
        for (int i = 0; i < sd.Dacl.Aces.Count; i++)
        {
            Assert.Equal(sd.Dacl.Aces[i].Sid, parsed.Dacl.Aces[i].Sid);
            Assert.Equal(sd.Dacl.Aces[i].Mask, parsed.Dacl.Aces[i].Mask);
            Assert.Equal(sd.Dacl.Aces[i].Flags, parsed.Dacl.Aces[i].Flags);
        }
        Assert.Equal(bytes, parsed.ToArray());
    }
}
