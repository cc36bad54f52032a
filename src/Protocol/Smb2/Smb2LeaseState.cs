namespace Protocol.Smb2;

/// <summary>SMB2_LEASE_* caching states (MS-SMB2 2.2.13.2.8, 2.2.23.2).</summary>
[Flags]
public enum Smb2LeaseState : uint
{
    None = 0,
    ReadCaching = 0x00000001,
    HandleCaching = 0x00000002,
    WriteCaching = 0x00000004,
}
