namespace Protocol.Fscc;

/// <summary>ShareAccess of SMB2 CREATE (MS-SMB2 2.2.13).</summary>
[Flags]
public enum ShareAccess : uint
{
    None = 0,
    Read = 0x00000001,    // FILE_SHARE_READ
    Write = 0x00000002,   // FILE_SHARE_WRITE
    Delete = 0x00000004,  // FILE_SHARE_DELETE
}
