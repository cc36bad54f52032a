namespace Protocol.Security;

/// <summary>ACE_HEADER.AceFlags (MS-DTYP 2.4.4.1): inheritance and audit flags.</summary>
[Flags]
public enum AceFlags : byte
{
    None = 0,
    ObjectInherit = 0x01,        // OBJECT_INHERIT_ACE
    ContainerInherit = 0x02,     // CONTAINER_INHERIT_ACE
    NoPropagateInherit = 0x04,   // NO_PROPAGATE_INHERIT_ACE
    InheritOnly = 0x08,          // INHERIT_ONLY_ACE
    Inherited = 0x10,            // INHERITED_ACE
    SuccessfulAccess = 0x40,     // SUCCESSFUL_ACCESS_ACE_FLAG
    FailedAccess = 0x80,         // FAILED_ACCESS_ACE_FLAG
}
