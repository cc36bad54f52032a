namespace Protocol.Smb2;

/// <summary>SMB2_CHANNEL_* of the READ and WRITE requests (MS-SMB2 2.2.19, 2.2.21).</summary>
public enum Smb2Channel : uint
{
    None = 0x00000000,
    RdmaV1 = 0x00000001,
    RdmaV1Invalidate = 0x00000002,
    RdmaTransform = 0x00000003,
}
