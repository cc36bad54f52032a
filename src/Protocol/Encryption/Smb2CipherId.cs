namespace Protocol.Encryption;

/// <summary>
/// The Ciphers of the SMB2_ENCRYPTION_CAPABILITIES negotiate context (MS-SMB2 2.2.3.1.2), the values
/// of Connection.CipherId. SMB 3.0 and 3.0.2 negotiate none and always use AES-128-CCM (3.1.4.3).
/// </summary>
public enum Smb2CipherId : ushort
{
    Aes128Ccm = 0x0001,
    Aes128Gcm = 0x0002,
    Aes256Ccm = 0x0003,
    Aes256Gcm = 0x0004,
}
