namespace Protocol.Smb2;

/// <summary>SMB2_SESSION_FLAG_* of the SESSION_SETUP response (MS-SMB2 2.2.6).</summary>
[Flags]
public enum Smb2SessionFlags : ushort
{
    None = 0,
    IsGuest = 0x0001,
    IsNull = 0x0002,
    EncryptData = 0x0004,
}
