namespace Protocol.Smb2;

/// <summary>SMB2_SHARE_TYPE_* of the TREE_CONNECT response (MS-SMB2 2.2.10).</summary>
public enum Smb2ShareType : byte
{
    Disk = 0x01,
    Pipe = 0x02,
    Print = 0x03,
}
