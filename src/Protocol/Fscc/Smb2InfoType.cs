namespace Protocol.Fscc;

/// <summary>InfoType of SMB2 QUERY_INFO / SET_INFO (MS-SMB2 2.2.37, 2.2.39): which kind of information.</summary>
public enum Smb2InfoType : byte
{
    File = 0x01,        // SMB2_0_INFO_FILE: FileInformationClass (MS-FSCC 2.4)
    FileSystem = 0x02,  // SMB2_0_INFO_FILESYSTEM: FileSystemInformationClass (MS-FSCC 2.5)
    Security = 0x03,    // SMB2_0_INFO_SECURITY: a security descriptor (MS-DTYP 2.4.6)
    Quota = 0x04,       // SMB2_0_INFO_QUOTA: FILE_QUOTA_INFORMATION (MS-FSCC 2.4)
}
