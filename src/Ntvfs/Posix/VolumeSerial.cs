using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>
/// The 32-bit VolumeSerialNumber of FileFsVolumeInformation (MS-FSCC 2.5.9) and the 64-bit one of
/// FileIdInformation (MS-FSCC 2.4.21) for the file system a share lives on.
/// </summary>
/// <remarks>
/// Preferred source: statvfs f_fsid, which ext4, xfs and btrfs derive from the file system UUID, so
/// the serial survives reboots and device renumbering. When f_fsid is 0 (some pseudo file systems),
/// st_dev is used: stable while the machine runs, which is all a client's cache needs.
/// The 64-bit value is mixed down to 32 bits with a fixed multiplier, so it is the same on every run.
/// </remarks>
public static class VolumeSerial
{
    /// <summary>Serial from a device number or fsid (deterministic; differs for nearby devices such as 8:1 and 8:2).</summary>
    public static uint Fold(ulong value) => (uint)((value * 0x9E3779B97F4A7C15UL) >> 32);

    /// <summary>The 64-bit serial (FileIdInformation.VolumeSerialNumber) of the file system holding <paramref name="fd"/>.</summary>
    public static unsafe NtStatus GetSerial64(SafeFileDescriptor fd, out ulong serial64)
    {
        serial64 = 0;
        Statvfs vfs;
        if (Libc.fstatvfs(fd, &vfs) != 0)
            return ErrnoMapping.ToNtStatus(Libc.LastErrno);
        if (vfs.f_fsid != 0)
        {
            serial64 = vfs.f_fsid;
            return NtStatus.Success;
        }
        NtStatus status = FileStatus.Get(fd, out FileStatus st);
        if (status.IsError) return status;
        serial64 = st.Device;
        return NtStatus.Success;
    }

    /// <summary>The 32-bit serial (FileFsVolumeInformation.VolumeSerialNumber).</summary>
    public static NtStatus GetSerial32(SafeFileDescriptor fd, out uint serial32)
    {
        NtStatus status = GetSerial64(fd, out ulong serial64);
        serial32 = Fold(serial64);
        return status;
    }
}
