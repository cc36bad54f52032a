namespace Protocol.Smb2;

/// <summary>
/// SMB2_NEGOTIATE_SIGNING_* (MS-SMB2 2.2.3, 2.2.4; one byte wide in SESSION_SETUP 2.2.5).
/// </summary>
[Flags]
public enum Smb2SecurityMode : ushort
{
    None = 0,
    SigningEnabled = 0x0001,
    SigningRequired = 0x0002,
}
