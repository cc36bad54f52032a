namespace Protocol.Smb2;

/// <summary>SMB2_OPLOCK_LEVEL_* (MS-SMB2 2.2.13, 2.2.14, 2.2.23).</summary>
public enum Smb2OplockLevel : byte
{
    None = 0x00,
    II = 0x01,
    Exclusive = 0x08,
    Batch = 0x09,
    /// <summary>SMB2_OPLOCK_LEVEL_LEASE: the create carries a lease context instead.</summary>
    Lease = 0xFF,
}
