namespace Protocol.Smb2;

/// <summary>SMB2_* flags of the QUERY_DIRECTORY request (MS-SMB2 2.2.33).</summary>
[Flags]
public enum Smb2QueryDirectoryFlags : byte
{
    None = 0,
    RestartScans = 0x01,
    ReturnSingleEntry = 0x02,
    IndexSpecified = 0x04,
    Reopen = 0x10,
}
