namespace Protocol.Security;

/// <summary>
/// Synthesises the security descriptor a Windows client sees for a file that only has POSIX owner, group and
/// mode bits (no stored NT ACL).
///
/// The DACL holds allow ACEs only, in the order owner, group, Everyone; a class whose rwx bits are all clear
/// gets no ACE (the owner always gets one, for the rights it holds regardless of the mode). Each bit maps to
/// the file generic right of the same meaning (MS-DTYP 2.4.3):
///   r -> FILE_GENERIC_READ, w -> FILE_GENERIC_WRITE (+ FILE_DELETE_CHILD on a directory, since w+x on a
///   directory lets one remove its entries), x -> FILE_GENERIC_EXECUTE.
/// The owner also gets READ_CONTROL, WRITE_DAC and FILE_READ/WRITE_ATTRIBUTES (a POSIX owner may always
/// chmod and utime its file) and DELETE when it has w. WRITE_OWNER is never granted: only root may chown.
///
/// A directory additionally carries inherit-only ACEs (OBJECT_INHERIT | CONTAINER_INHERIT | INHERIT_ONLY)
/// for CREATOR OWNER, CREATOR GROUP and Everyone with the same rights, which is what a new child would get
/// from the mode with no umask, so Windows' security dialog shows the inheritance honestly.
///
/// Known limit, deliberately accepted: with allow-only ACEs, a mode where the owner has fewer rights than
/// the group or others (e.g. 0077) cannot be expressed exactly; Windows would grant the owner the union
/// when the owner is also a group member or Everyone. Deny ACEs would fix it but confuse most clients.
/// </summary>
public static class PosixSecurityDescriptor
{
    /// <summary>The parts a descriptor has when the caller does not say (MS-SMB2 3.3.5.20.3 usually asks for these).</summary>
    public const SecurityInformation DefaultParts = SecurityInformation.Owner | SecurityInformation.Group | SecurityInformation.Dacl;

    private const AccessMask OwnerRights = AccessMask.ReadControl | AccessMask.WriteDac
        | AccessMask.FileReadAttributes | AccessMask.FileWriteAttributes | AccessMask.Synchronize;

    /// <summary>
    /// The descriptor for a file owned by Unix <paramref name="uid"/>/<paramref name="gid"/>, with the owner
    /// as S-1-22-1-uid and the group as S-1-22-2-gid (the ids that map to no Windows account).
    /// </summary>
    public static SecurityDescriptor FromMode(uint uid, uint gid, uint mode, bool isDirectory,
        SecurityInformation requested = DefaultParts)
        => FromMode(SecurityIdentifier.FromUnixUser(uid), SecurityIdentifier.FromUnixGroup(gid), mode, isDirectory, requested);

    /// <summary>
    /// The descriptor for a file whose owner and group the caller has already mapped to SIDs. Only the parts
    /// named by <paramref name="requested"/> (Owner, Group, Dacl) are included; a SACL is never synthesised.
    /// </summary>
    public static SecurityDescriptor FromMode(SecurityIdentifier owner, SecurityIdentifier group, uint mode,
        bool isDirectory, SecurityInformation requested = DefaultParts)
    {
        Acl? dacl = null;
        if ((requested & SecurityInformation.Dacl) != 0)
            dacl = BuildDacl(owner, group, mode, isDirectory);
        return new SecurityDescriptor(
            SecurityDescriptorControl.SelfRelative,
            (requested & SecurityInformation.Owner) != 0 ? owner : null,
            (requested & SecurityInformation.Group) != 0 ? group : null,
            sacl: null,
            dacl);
    }

    /// <summary>The rights one rwx triplet (0..7, r = 4, w = 2, x = 1) stands for.</summary>
    public static AccessMask MapPermissionBits(uint rwx, bool isDirectory)
    {
        AccessMask mask = AccessMask.None;
        if ((rwx & 4) != 0) mask |= AccessMask.FileGenericRead;
        if ((rwx & 2) != 0)
        {
            mask |= AccessMask.FileGenericWrite;
            if (isDirectory) mask |= AccessMask.FileDeleteChild;
        }
        if ((rwx & 1) != 0) mask |= AccessMask.FileGenericExecute;
        return mask;
    }

    /// <summary>The owner's rights: its triplet plus what POSIX always lets an owner do.</summary>
    public static AccessMask MapOwnerBits(uint rwx, bool isDirectory)
    {
        AccessMask mask = MapPermissionBits(rwx, isDirectory) | OwnerRights;
        if ((rwx & 2) != 0) mask |= AccessMask.Delete;
        return mask;
    }

    private static Acl BuildDacl(SecurityIdentifier owner, SecurityIdentifier group, uint mode, bool isDirectory)
    {
        AccessMask ownerMask = MapOwnerBits((mode >> 6) & 7, isDirectory);
        AccessMask groupMask = MapPermissionBits((mode >> 3) & 7, isDirectory);
        AccessMask otherMask = MapPermissionBits(mode & 7, isDirectory);

        var aces = new List<Ace>(6) { Ace.AccessAllowed(owner, ownerMask) };
        if (groupMask != AccessMask.None) aces.Add(Ace.AccessAllowed(group, groupMask));
        if (otherMask != AccessMask.None) aces.Add(Ace.AccessAllowed(SecurityIdentifier.Everyone, otherMask));

        if (isDirectory)
        {
            const AceFlags inheritOnly = AceFlags.ObjectInherit | AceFlags.ContainerInherit | AceFlags.InheritOnly;
            aces.Add(Ace.AccessAllowed(SecurityIdentifier.CreatorOwner, ownerMask, inheritOnly));
            if (groupMask != AccessMask.None) aces.Add(Ace.AccessAllowed(SecurityIdentifier.CreatorGroup, groupMask, inheritOnly));
            if (otherMask != AccessMask.None) aces.Add(Ace.AccessAllowed(SecurityIdentifier.Everyone, otherMask, inheritOnly));
        }
        return new Acl(Acl.AclRevision, aces);
    }
}
