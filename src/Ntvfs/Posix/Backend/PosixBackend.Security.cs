using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Security;
using TEvent;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    /// <summary>
    /// MS-SMB2 3.3.5.21.3: a security descriptor is applied as far as POSIX can hold it, Samba-like:
    /// an owner or group given as a Unix SID (S-1-22-1-uid, S-1-22-2-gid) becomes a chown (which the
    /// kernel may refuse: STATUS_ACCESS_DENIED); the DACL becomes mode bits when
    /// <see cref="DaclModeMapping"/> can represent it. Anything else is STATUS_ACCESS_DENIED rather
    /// than a success that would silently drop it. Owner and group need WRITE_OWNER, the DACL
    /// WRITE_DAC; a SACL is never accepted.
    /// </summary>
    private static TeventReq SetSecurity(EventContext ev, PosixHandle handle, SecurityInformation parts, ReadOnlyMemory<byte> buffer)
    {
        if (!SecurityDescriptor.TryParse(buffer.Span, out SecurityDescriptor sd, out NtStatus error))
            return Done(ev, error);
        bool setOwner = (parts & SecurityInformation.Owner) != 0 && sd.Owner is not null;
        bool setGroup = (parts & SecurityInformation.Group) != 0 && sd.Group is not null;
        bool setDacl = (parts & SecurityInformation.Dacl) != 0;
        if ((parts & SecurityInformation.Sacl) != 0)
            return Done(ev, NtStatus.AccessDenied);
        if ((setOwner || setGroup) && !AccessRights.Has(handle.GrantedAccess, AccessMask.WriteOwner))
            return Done(ev, NtStatus.AccessDenied);
        if (setDacl && !AccessRights.Has(handle.GrantedAccess, AccessMask.WriteDac))
            return Done(ev, NtStatus.AccessDenied);
        return PosixJob.Send(ev, () =>
        {
            NtStatus s = FileStatus.Get(handle.Fd, out FileStatus st);
            if (s.IsError)
                return Outcome<bool>.Fail(s);
            uint uid = st.Uid, gid = st.Gid;
            if (setOwner && !(sd.Owner!.TryGetUnixUser(out uid) || sd.Owner.Equals(SecurityIdentifier.FromUnixUser(st.Uid))))
                return Outcome<bool>.Fail(NtStatus.AccessDenied);
            if (setGroup && !(sd.Group!.TryGetUnixGroup(out gid) || sd.Group.Equals(SecurityIdentifier.FromUnixGroup(st.Gid))))
                return Outcome<bool>.Fail(NtStatus.AccessDenied);
            if (!setOwner)
                uid = st.Uid;
            if (!setGroup)
                gid = st.Gid;
            uint newMode = st.Permissions;
            if (setDacl)
            {
                if (!DaclModeMapping.TryMapToMode(sd.Dacl, SecurityIdentifier.FromUnixUser(uid),
                        SecurityIdentifier.FromUnixGroup(gid), out uint rwx))
                    return Outcome<bool>.Fail(NtStatus.AccessDenied);
                newMode = (st.Permissions & ~0x1FFu) | rwx; // keep setuid, setgid and sticky
            }
            using var proc = new ProcFdPath(handle.Fd);
            if ((uid != st.Uid || gid != st.Gid)
                && Libc.fchownat(SafeFileDescriptor.CurrentDirectory, proc.Path, uid, gid, 0) != 0)
                return Outcome<bool>.Fail(ErrnoMapping.ToNtStatus(Libc.LastErrno));
            if (newMode != st.Permissions
                && Libc.fchmodat(SafeFileDescriptor.CurrentDirectory, proc.Path, newMode, 0) != 0)
                return Outcome<bool>.Fail(ErrnoMapping.ToNtStatus(Libc.LastErrno));
            return new Outcome<bool>(NtStatus.Success, true);
        }, location: "posix set security");
    }
}
