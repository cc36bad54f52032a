namespace Protocol.Smb2;

/// <summary>SMB2_WRITEFLAG_* of the WRITE request (MS-SMB2 2.2.21).</summary>
[Flags]
public enum Smb2WriteFlags : uint
{
    None = 0,
    WriteThrough = 0x00000001,
    WriteUnbuffered = 0x00000002,
}
