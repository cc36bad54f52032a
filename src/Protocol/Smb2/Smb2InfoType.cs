namespace Protocol.Smb2;

/// <summary>SMB2_0_INFO_* of the QUERY_INFO and SET_INFO requests (MS-SMB2 2.2.37, 2.2.39).</summary>
public enum Smb2InfoType : byte
{
    File = 0x01,
    FileSystem = 0x02,
    Security = 0x03,
    Quota = 0x04,
}
