using Protocol.Security;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// The way back from a DACL a client sets to the POSIX mode bits, the inverse of
/// <see cref="PosixSecurityDescriptor"/>: only what the mode can represent is accepted.
/// </summary>
/// <remarks>
/// Accepted: allow ACEs for the file's owner, its group and Everyone (any number, masks ORed per
/// class), and inherit-only ACEs, which only shape what children of a directory get and which the
/// mode bits of a new child decide here anyway (`create mask`). Each class gets r for
/// FILE_READ_DATA, w for FILE_WRITE_DATA, x for FILE_EXECUTE (after generic mapping); other rights in
/// a mask have no mode bit and are dropped. Refused (the caller answers STATUS_ACCESS_DENIED rather
/// than pretend): a NULL DACL, deny ACEs, object or callback ACEs, and ACEs for any other SID, since
/// a mode has nowhere to keep them.
/// </remarks>
public static class DaclModeMapping
{
    public static bool TryMapToMode(Acl? dacl, SecurityIdentifier owner, SecurityIdentifier group, out uint mode)
    {
        mode = 0;
        if (dacl is null)
            return false;
        AccessMask ownerMask = 0, groupMask = 0, otherMask = 0;
        foreach (Ace ace in dacl.Aces)
        {
            if (ace.Type != AceType.AccessAllowed || ace.Sid is null)
                return false;
            if ((ace.Flags & AceFlags.InheritOnly) != 0)
                continue;
            AccessMask mask = FileGenericMapping.Map(ace.Mask);
            if (ace.Sid.Equals(owner))
                ownerMask |= mask;
            else if (ace.Sid.Equals(group))
                groupMask |= mask;
            else if (ace.Sid.Equals(SecurityIdentifier.Everyone))
                otherMask |= mask;
            else
                return false;
        }
        mode = (Bits(ownerMask) << 6) | (Bits(groupMask) << 3) | Bits(otherMask);
        return true;
    }

    private static uint Bits(AccessMask mask)
        => ((mask & AccessMask.FileReadData) != 0 ? 4u : 0)
         | ((mask & AccessMask.FileWriteData) != 0 ? 2u : 0)
         | ((mask & AccessMask.FileExecute) != 0 ? 1u : 0);
}
