namespace Protocol.Smb2;

/// <summary>SMB2_GLOBAL_CAP_* of the NEGOTIATE request and response (MS-SMB2 2.2.3, 2.2.4).</summary>
[Flags]
public enum Smb2Capabilities : uint
{
    None = 0,
    Dfs = 0x00000001,
    Leasing = 0x00000002,
    LargeMtu = 0x00000004,
    MultiChannel = 0x00000008,
    PersistentHandles = 0x00000010,
    DirectoryLeasing = 0x00000020,
    Encryption = 0x00000040,
    Notifications = 0x00000080,
}
