namespace Protocol.Smb2;

/// <summary>Which OPLOCK_BREAK structure a body holds, told by its StructureSize (MS-SMB2 2.2.23-2.2.25).</summary>
public enum Smb2OplockBreakKind
{
    /// <summary>StructureSize 24: oplock break notification, acknowledgment or response.</summary>
    Oplock,
    /// <summary>StructureSize 36: lease break acknowledgment or response.</summary>
    Lease,
    /// <summary>StructureSize 44: lease break notification.</summary>
    LeaseNotification,
}
