namespace Protocol.Smb2;

/// <summary>ImpersonationLevel of the CREATE request (MS-SMB2 2.2.13).</summary>
public enum Smb2ImpersonationLevel : uint
{
    Anonymous = 0x00000000,
    Identification = 0x00000001,
    Impersonation = 0x00000002,
    Delegate = 0x00000003,
}
