namespace Protocol.Smb2;

/// <summary>FILE_SHARE_* of the CREATE request's ShareAccess (MS-SMB2 2.2.13).</summary>
[Flags]
public enum Smb2ShareAccess : uint
{
    None = 0,
    Read = 0x00000001,
    Write = 0x00000002,
    Delete = 0x00000004,
}
