namespace Protocol.Smb2;

/// <summary>Flags of the CREATE response (MS-SMB2 2.2.14, SMB 3.x).</summary>
[Flags]
public enum Smb2CreateResponseFlags : byte
{
    None = 0,
    /// <summary>SMB2_CREATE_FLAG_REPARSEPOINT: the opened file is a reparse point.</summary>
    ReparsePoint = 0x01,
}
