namespace Protocol.Smb2;

/// <summary>FILE_* dispositions of the CREATE request (MS-SMB2 2.2.13).</summary>
public enum Smb2CreateDisposition : uint
{
    Supersede = 0x00000000,
    Open = 0x00000001,
    Create = 0x00000002,
    OpenIf = 0x00000003,
    Overwrite = 0x00000004,
    OverwriteIf = 0x00000005,
}
