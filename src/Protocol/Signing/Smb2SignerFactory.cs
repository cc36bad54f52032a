using Protocol.Smb2;

namespace Protocol.Signing;

/// <summary>Picks and creates the signer a connection uses (MS-SMB2 3.1.4.1).</summary>
public static class Smb2SignerFactory
{
    /// <summary>
    /// The algorithm for <paramref name="dialect"/>: HMAC-SHA256 for 2.0.2 and 2.1, AES-CMAC for 3.0
    /// and 3.0.2, and for 3.1.1 Connection.SigningAlgorithmId when SMB2_SIGNING_CAPABILITIES set one
    /// (<paramref name="negotiated"/>), else AES-CMAC.
    /// </summary>
    public static Smb2SigningAlgorithm AlgorithmFor(Smb2Dialect dialect, Smb2SigningAlgorithm? negotiated = null) => dialect switch
    {
        Smb2Dialect.Smb202 or Smb2Dialect.Smb210 or Smb2Dialect.Smb2Wildcard => Smb2SigningAlgorithm.HmacSha256,
        Smb2Dialect.Smb311 => negotiated ?? Smb2SigningAlgorithm.AesCmac,
        _ => Smb2SigningAlgorithm.AesCmac,
    };

    /// <param name="key">
    /// Session.SessionKey for HMAC-SHA256 on 2.x; otherwise the 16-byte Session.SigningKey or
    /// Channel.SigningKey (see <see cref="Smb3.Smb3KeyDerivation"/>).
    /// </param>
    /// <param name="role">Our end of the connection; only AES-GMAC's nonce depends on it.</param>
    public static ISmb2Signer Create(Smb2SigningAlgorithm algorithm, ReadOnlySpan<byte> key, Smb2SigningRole role) => algorithm switch
    {
        Smb2SigningAlgorithm.HmacSha256 => new Smb2HmacSha256Signer(key),
        Smb2SigningAlgorithm.AesCmac => new Smb2AesCmacSigner(key),
        Smb2SigningAlgorithm.AesGmac => new Smb2AesGmacSigner(key, role),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signing algorithm"),
    };
}
