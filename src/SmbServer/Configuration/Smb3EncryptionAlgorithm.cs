namespace SmbServer.Configuration;

/// <summary>SMB3 ciphers; values are the Cipher IDs of MS-SMB2 2.2.3.1.2 (SMB2_ENCRYPTION_CAPABILITIES).</summary>
public enum Smb3EncryptionAlgorithm : ushort
{
    Aes128Ccm = 0x0001,
    Aes128Gcm = 0x0002,
    Aes256Ccm = 0x0003,
    Aes256Gcm = 0x0004,
}
