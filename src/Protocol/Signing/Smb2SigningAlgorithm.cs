namespace Protocol.Signing;

/// <summary>
/// The SigningAlgorithms of the SMB2_SIGNING_CAPABILITIES negotiate context (MS-SMB2 2.2.3.1.7), the
/// values of Connection.SigningAlgorithmId. Only SMB 3.1.1 negotiates one; 3.0 and 3.0.2 always use
/// AES-CMAC and 2.0.2/2.1 always HMAC-SHA256 (MS-SMB2 3.1.4.1).
/// </summary>
public enum Smb2SigningAlgorithm : ushort
{
    HmacSha256 = 0x0000,
    AesCmac = 0x0001,
    AesGmac = 0x0002,
}
