namespace Protocol.Security;

/// <summary>
/// SECURITY_INFORMATION (MS-DTYP 2.4.7), carried in the AdditionalInformation field of SMB2 QUERY_INFO and
/// SET_INFO for SMB2_0_INFO_SECURITY (MS-SMB2 2.2.37, 2.2.39): which parts of a security descriptor are asked for.
/// </summary>
[Flags]
public enum SecurityInformation : uint
{
    None = 0,
    Owner = 0x00000001,      // OWNER_SECURITY_INFORMATION
    Group = 0x00000002,      // GROUP_SECURITY_INFORMATION
    Dacl = 0x00000004,       // DACL_SECURITY_INFORMATION
    Sacl = 0x00000008,       // SACL_SECURITY_INFORMATION
    Label = 0x00000010,      // LABEL_SECURITY_INFORMATION
    Attribute = 0x00000020,  // ATTRIBUTE_SECURITY_INFORMATION
    Scope = 0x00000040,      // SCOPE_SECURITY_INFORMATION
    Backup = 0x00010000,     // BACKUP_SECURITY_INFORMATION
    UnprotectedSacl = 0x10000000,
    UnprotectedDacl = 0x20000000,
    ProtectedSacl = 0x40000000,
    ProtectedDacl = 0x80000000,
}
