namespace Protocol.Smb2;

/// <summary>FILE_* create actions of the CREATE response (MS-SMB2 2.2.14).</summary>
public enum Smb2CreateAction : uint
{
    Superseded = 0x00000000,
    Opened = 0x00000001,
    Created = 0x00000002,
    Overwritten = 0x00000003,
}
