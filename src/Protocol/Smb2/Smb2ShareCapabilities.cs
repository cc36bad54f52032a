namespace Protocol.Smb2;

/// <summary>SMB2_SHARE_CAP_* of the TREE_CONNECT response (MS-SMB2 2.2.10).</summary>
[Flags]
public enum Smb2ShareCapabilities : uint
{
    None = 0,
    Dfs = 0x00000008,
    ContinuousAvailability = 0x00000010,
    Scaleout = 0x00000020,
    Cluster = 0x00000040,
    Asymmetric = 0x00000080,
    RedirectToOwner = 0x00000100,
}
