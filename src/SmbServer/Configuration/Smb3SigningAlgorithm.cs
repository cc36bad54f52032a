namespace SmbServer.Configuration;

/// <summary>SMB3 signing algorithms; values are the IDs of MS-SMB2 2.2.3.1.7 (SMB2_SIGNING_CAPABILITIES).</summary>
public enum Smb3SigningAlgorithm : ushort
{
    HmacSha256 = 0x0000,
    AesCmac = 0x0001,
    AesGmac = 0x0002,
}
