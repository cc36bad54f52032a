using System.Buffers.Binary;

namespace Protocol.Security;

/// <summary>
/// A security descriptor in self-relative form (MS-DTYP 2.4.6), as SMB2 QUERY_INFO / SET_INFO carry it for
/// SMB2_0_INFO_SECURITY.
/// <code>
///  0          1      2         4             8             12           16           20
///  | Revision | Sbz1 | Control | OffsetOwner | OffsetGroup | OffsetSacl | OffsetDacl | owner, group, SACL, DACL
/// </code>
/// Offsets are from the start of the descriptor; 0 means "absent". We write the parts in the order
/// owner, group, SACL, DACL; MS-DTYP lets them appear in any order and our parser accepts any.
/// A DACL that is present but null (SE_DACL_PRESENT with OffsetDacl 0, "everyone has full access") is
/// represented by <see cref="Control"/> having DaclPresent with <see cref="Dacl"/> null.
/// </summary>
public sealed class SecurityDescriptor
{
    public const int HeaderLength = 20;

    /// <summary>SECURITY_DESCRIPTOR_REVISION.</summary>
    public const byte Revision1 = 1;

    public SecurityDescriptor(SecurityDescriptorControl control, SecurityIdentifier? owner, SecurityIdentifier? group,
        Acl? sacl, Acl? dacl)
    {
        Owner = owner;
        Group = group;
        Sacl = sacl;
        Dacl = dacl;
        // The PRESENT bits follow the ACLs we hold; a null DACL/SACL may still be "present" (null ACL).
        control |= SecurityDescriptorControl.SelfRelative;
        if (dacl is not null) control |= SecurityDescriptorControl.DaclPresent;
        if (sacl is not null) control |= SecurityDescriptorControl.SaclPresent;
        Control = control;
    }

    /// <summary>Control flags; always includes SE_SELF_RELATIVE, and SE_DACL/SACL_PRESENT for the ACLs held.</summary>
    public SecurityDescriptorControl Control { get; }
    public SecurityIdentifier? Owner { get; }
    public SecurityIdentifier? Group { get; }
    public Acl? Sacl { get; }
    public Acl? Dacl { get; }

    public int BinaryLength
        => HeaderLength + (Owner?.BinaryLength ?? 0) + (Group?.BinaryLength ?? 0)
           + (Sacl?.BinaryLength ?? 0) + (Dacl?.BinaryLength ?? 0);

    /// <summary>
    /// The descriptor reduced to the parts <paramref name="requested"/> names (MS-SMB2 3.3.5.20.3: the
    /// fields returned are those the AdditionalInformation flags ask for). Control keeps only the
    /// flags that describe a returned part.
    /// </summary>
    public SecurityDescriptor Select(SecurityInformation requested)
    {
        const SecurityDescriptorControl ownerBits = SecurityDescriptorControl.OwnerDefaulted;
        const SecurityDescriptorControl groupBits = SecurityDescriptorControl.GroupDefaulted;
        const SecurityDescriptorControl daclBits = SecurityDescriptorControl.DaclPresent
            | SecurityDescriptorControl.DaclDefaulted | SecurityDescriptorControl.DaclTrusted
            | SecurityDescriptorControl.DaclAutoInheritRequired | SecurityDescriptorControl.DaclAutoInherited
            | SecurityDescriptorControl.DaclProtected;
        const SecurityDescriptorControl saclBits = SecurityDescriptorControl.SaclPresent
            | SecurityDescriptorControl.SaclDefaulted | SecurityDescriptorControl.SaclAutoInheritRequired
            | SecurityDescriptorControl.SaclAutoInherited | SecurityDescriptorControl.SaclProtected;

        bool owner = (requested & SecurityInformation.Owner) != 0;
        bool group = (requested & SecurityInformation.Group) != 0;
        bool dacl = (requested & SecurityInformation.Dacl) != 0;
        bool sacl = (requested & SecurityInformation.Sacl) != 0;
        SecurityDescriptorControl keep = SecurityDescriptorControl.SelfRelative | SecurityDescriptorControl.RmControlValid;
        if (owner) keep |= ownerBits;
        if (group) keep |= groupBits;
        if (dacl) keep |= daclBits;
        if (sacl) keep |= saclBits;
        return new SecurityDescriptor(Control & keep, owner ? Owner : null, group ? Group : null,
            sacl ? Sacl : null, dacl ? Dacl : null);
    }

    /// <summary>
    /// Writes the self-relative descriptor. MS-SMB2 3.3.5.20.3: a descriptor is never returned truncated;
    /// when <paramref name="output"/> is smaller than <see cref="BinaryLength"/> nothing is written and the
    /// result is STATUS_BUFFER_TOO_SMALL (the caller reports BinaryLength in the error data).
    /// </summary>
    public NtStatus Write(Span<byte> output, out int written)
    {
        written = 0;
        int size = BinaryLength;
        if (output.Length < size)
            return NtStatus.BufferTooSmall;
        Span<byte> sd = output[..size];
        sd[0] = Revision1;
        sd[1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(sd[2..], (ushort)Control);
        int offset = HeaderLength;
        int ownerOffset = 0, groupOffset = 0, saclOffset = 0, daclOffset = 0;
        if (Owner is not null)
        {
            ownerOffset = offset;
            offset += Owner.Write(sd[offset..]);
        }
        if (Group is not null)
        {
            groupOffset = offset;
            offset += Group.Write(sd[offset..]);
        }
        if (Sacl is not null)
        {
            saclOffset = offset;
            offset += Sacl.Write(sd[offset..]);
        }
        if (Dacl is not null)
        {
            daclOffset = offset;
            offset += Dacl.Write(sd[offset..]);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(sd[4..], (uint)ownerOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(sd[8..], (uint)groupOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(sd[12..], (uint)saclOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(sd[16..], (uint)daclOffset);
        written = size;
        return NtStatus.Success;
    }

    /// <summary>Encodes into a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[BinaryLength];
        Write(bytes, out _);
        return bytes;
    }

    /// <summary>
    /// Parses a self-relative security descriptor (the SET_INFO security buffer). A short header, a revision
    /// other than 1, a descriptor without SE_SELF_RELATIVE, or an offset that points into the header or past
    /// the end give STATUS_INVALID_SECURITY_DESCR; a bad SID or ACL gives STATUS_INVALID_SID /
    /// STATUS_INVALID_ACL. OffsetDacl/OffsetSacl are only read when SE_DACL_PRESENT/SE_SACL_PRESENT is set
    /// (MS-DTYP 2.4.6).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out SecurityDescriptor descriptor, out NtStatus error)
    {
        descriptor = null!;
        if (data.Length < HeaderLength || data[0] != Revision1)
        {
            error = NtStatus.InvalidSecurityDescr;
            return false;
        }
        var control = (SecurityDescriptorControl)BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        if ((control & SecurityDescriptorControl.SelfRelative) == 0)
        {
            error = NtStatus.InvalidSecurityDescr;
            return false;
        }
        uint ownerOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        uint groupOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        uint saclOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
        uint daclOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[16..]);
        if ((control & SecurityDescriptorControl.SaclPresent) == 0) saclOffset = 0;
        if ((control & SecurityDescriptorControl.DaclPresent) == 0) daclOffset = 0;
        if (!ValidOffset(ownerOffset, data.Length) || !ValidOffset(groupOffset, data.Length)
            || !ValidOffset(saclOffset, data.Length) || !ValidOffset(daclOffset, data.Length))
        {
            error = NtStatus.InvalidSecurityDescr;
            return false;
        }

        SecurityIdentifier? owner = null, group = null;
        Acl? sacl = null, dacl = null;
        if (ownerOffset != 0 && !SecurityIdentifier.TryParse(data[(int)ownerOffset..], out owner, out error))
            return false;
        if (groupOffset != 0 && !SecurityIdentifier.TryParse(data[(int)groupOffset..], out group, out error))
            return false;
        if (saclOffset != 0 && !Acl.TryParse(data[(int)saclOffset..], out sacl, out error))
            return false;
        if (daclOffset != 0 && !Acl.TryParse(data[(int)daclOffset..], out dacl, out error))
            return false;
        descriptor = new SecurityDescriptor(control, owner, group, sacl, dacl);
        error = NtStatus.Success;
        return true;
    }

    private static bool ValidOffset(uint offset, int length) => offset == 0 || (offset >= HeaderLength && offset < length);
}
