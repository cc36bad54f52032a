namespace Protocol.Smb2;

/// <summary>SMB2_TREE_CONNECT_FLAG_* of the TREE_CONNECT request (MS-SMB2 2.2.9; SMB 3.1.1, else Reserved).</summary>
[Flags]
public enum Smb2TreeConnectFlags : ushort
{
    None = 0,
    ClusterReconnect = 0x0001,
    RedirectToOwner = 0x0002,
    /// <summary>A TREE_CONNECT Request Extension (2.2.9.1) starts the Buffer.</summary>
    ExtensionPresent = 0x0004,
}
