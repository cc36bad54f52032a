namespace Protocol.Security;

/// <summary>SECURITY_DESCRIPTOR.Control (MS-DTYP 2.4.6).</summary>
[Flags]
public enum SecurityDescriptorControl : ushort
{
    None = 0,
    OwnerDefaulted = 0x0001,       // SE_OWNER_DEFAULTED (OD)
    GroupDefaulted = 0x0002,       // SE_GROUP_DEFAULTED (GD)
    DaclPresent = 0x0004,          // SE_DACL_PRESENT (DP)
    DaclDefaulted = 0x0008,        // SE_DACL_DEFAULTED (DD)
    SaclPresent = 0x0010,          // SE_SACL_PRESENT (SP)
    SaclDefaulted = 0x0020,        // SE_SACL_DEFAULTED (SD)
    DaclTrusted = 0x0040,          // SE_DACL_TRUSTED (DT)
    ServerSecurity = 0x0080,       // SE_SERVER_SECURITY (SS)
    DaclAutoInheritRequired = 0x0100, // SE_DACL_AUTO_INHERIT_REQ (DC)
    SaclAutoInheritRequired = 0x0200, // SE_SACL_AUTO_INHERIT_REQ (SC)
    DaclAutoInherited = 0x0400,    // SE_DACL_AUTO_INHERITED (DI)
    SaclAutoInherited = 0x0800,    // SE_SACL_AUTO_INHERITED (SI)
    DaclProtected = 0x1000,        // SE_DACL_PROTECTED (PD)
    SaclProtected = 0x2000,        // SE_SACL_PROTECTED (PS)
    RmControlValid = 0x4000,       // SE_RM_CONTROL_VALID (RM)
    SelfRelative = 0x8000,         // SE_SELF_RELATIVE (SR)
}
