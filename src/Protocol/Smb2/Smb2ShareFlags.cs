namespace Protocol.Smb2;

/// <summary>SMB2_SHAREFLAG_* of the TREE_CONNECT response (MS-SMB2 2.2.10).</summary>
[Flags]
public enum Smb2ShareFlags : uint
{
    /// <summary>SMB2_SHAREFLAG_MANUAL_CACHING: the caching policy is the two bits of <see cref="CachingMask"/>.</summary>
    ManualCaching = 0x00000000,
    AutoCaching = 0x00000010,
    VdoCaching = 0x00000020,
    NoCaching = 0x00000030,
    /// <summary>Not a spec name: the two bits the four caching values above share.</summary>
    CachingMask = 0x00000030,
    Dfs = 0x00000001,
    DfsRoot = 0x00000002,
    RestrictExclusiveOpens = 0x00000100,
    ForceSharedDelete = 0x00000200,
    AllowNamespaceCaching = 0x00000400,
    AccessBasedDirectoryEnum = 0x00000800,
    ForceLevelIIOplock = 0x00001000,
    EnableHashV1 = 0x00002000,
    EnableHashV2 = 0x00004000,
    EncryptData = 0x00008000,
    IdentityRemoting = 0x00040000,
    CompressData = 0x00100000,
    IsolatedTransport = 0x00200000,
}
