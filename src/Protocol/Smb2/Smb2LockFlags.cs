namespace Protocol.Smb2;

/// <summary>SMB2_LOCKFLAG_* of an SMB2_LOCK_ELEMENT (MS-SMB2 2.2.26.1).</summary>
[Flags]
public enum Smb2LockFlags : uint
{
    None = 0,
    SharedLock = 0x00000001,
    ExclusiveLock = 0x00000002,
    Unlock = 0x00000004,
    FailImmediately = 0x00000010,
}
