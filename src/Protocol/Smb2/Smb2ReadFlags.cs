namespace Protocol.Smb2;

/// <summary>SMB2_READFLAG_* of the READ request (MS-SMB2 2.2.19).</summary>
[Flags]
public enum Smb2ReadFlags : byte
{
    None = 0,
    ReadUnbuffered = 0x01,
    RequestCompressed = 0x02,
}
