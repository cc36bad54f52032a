namespace Protocol.Smb2;

/// <summary>Flags of the IOCTL request and response (MS-SMB2 2.2.31).</summary>
[Flags]
public enum Smb2IoctlFlags : uint
{
    /// <summary>SMB2_0_IOCTL_IS_IOCTL.</summary>
    IsIoctl = 0x00000000,
    /// <summary>SMB2_0_IOCTL_IS_FSCTL.</summary>
    IsFsctl = 0x00000001,
}
