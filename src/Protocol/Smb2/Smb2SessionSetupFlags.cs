namespace Protocol.Smb2;

/// <summary>Flags of the SESSION_SETUP request (MS-SMB2 2.2.5).</summary>
[Flags]
public enum Smb2SessionSetupFlags : byte
{
    None = 0,
    /// <summary>SMB2_SESSION_FLAG_BINDING: bind an existing session to a new channel (SMB 3.x).</summary>
    Binding = 0x01,
}
