using System.Security.Cryptography;
using Protocol.Encryption;
using Protocol.Smb2;

namespace Protocol.Smb3;

/// <summary>
/// Derives a session's SMB 3.x keys from the authentication's session key (MS-SMB2 3.3.5.5.3 for the
/// server, 3.2.5.3.1 for the client; 3.1.4.2 for the KDF), with these labels and contexts:
/// <code>
///                 3.0 / 3.0.2                       3.1.1 (context: the preauth integrity hash)
/// SigningKey      "SMB2AESCMAC\0", "SmbSign\0"      "SMBSigningKey\0"
/// ApplicationKey  "SMB2APP\0",     "SmbRpc\0"       "SMBAppKey\0"
/// EncryptionKey   "SMB2AESCCM\0",  "ServerOut\0"    "SMBS2CCipherKey\0"   (server to client)
/// DecryptionKey   "SMB2AESCCM\0",  "ServerIn \0"    "SMBC2SCipherKey\0"   (client to server)
/// </code>
/// </summary>
/// <remarks>
/// Session.SessionKey is the first 16 bytes of the authentication's key, right-padded with zeros
/// (MS-SMB2 3.3.5.5.3); signing and application keys come from it with L = 128. The cipher keys do
/// too for the AES-128 ciphers; for AES-256-CCM/GCM they come from Session.FullSessionKey, the
/// whole key, with L = 256. NTLM's key is 16 bytes so the two coincide there; Kerberos' AES-256
/// session key is 32 bytes and they differ.
/// </remarks>
public static class Smb3KeyDerivation
{
    public const int SessionKeySize = 16;

    public static ReadOnlySpan<byte> Smb30SigningLabel => "SMB2AESCMAC\0"u8;
    public static ReadOnlySpan<byte> Smb30SigningContext => "SmbSign\0"u8;
    public static ReadOnlySpan<byte> Smb30ApplicationLabel => "SMB2APP\0"u8;
    public static ReadOnlySpan<byte> Smb30ApplicationContext => "SmbRpc\0"u8;
    public static ReadOnlySpan<byte> Smb30CipherLabel => "SMB2AESCCM\0"u8;
    public static ReadOnlySpan<byte> Smb30ServerOutContext => "ServerOut\0"u8;
    public static ReadOnlySpan<byte> Smb30ServerInContext => "ServerIn \0"u8;
    public static ReadOnlySpan<byte> Smb311SigningLabel => "SMBSigningKey\0"u8;
    public static ReadOnlySpan<byte> Smb311ApplicationLabel => "SMBAppKey\0"u8;
    public static ReadOnlySpan<byte> Smb311ServerToClientLabel => "SMBS2CCipherKey\0"u8;
    public static ReadOnlySpan<byte> Smb311ClientToServerLabel => "SMBC2SCipherKey\0"u8;

    /// <summary>
    /// The server's keys for a session of <paramref name="dialect"/> (3.0, 3.0.2 or 3.1.1).
    /// </summary>
    /// <param name="fullSessionKey">The authentication's session key, whole (Session.FullSessionKey).</param>
    /// <param name="preauthIntegrityHash">For 3.1.1, the session's 64-byte PreauthIntegrityHashValue; ignored otherwise.</param>
    /// <param name="cipherId">For 3.1.1, Connection.CipherId (sizes the cipher keys); 3.0 and 3.0.2 always use AES-128-CCM.</param>
    public static Smb3SessionKeys DeriveServerKeys(Smb2Dialect dialect, ReadOnlySpan<byte> fullSessionKey, ReadOnlySpan<byte> preauthIntegrityHash, Smb2CipherId cipherId)
    {
        bool is311 = CheckDialect(dialect, preauthIntegrityHash);
        if (!is311) cipherId = Smb2CipherId.Aes128Ccm;
        else if (!Smb2Cipher.IsDefined(cipherId)) throw new ArgumentOutOfRangeException(nameof(cipherId));
        if (fullSessionKey.IsEmpty) throw new ArgumentException("no session key", nameof(fullSessionKey));

        var keys = new Smb3SessionKeys(cipherId);
        Span<byte> sessionKey = stackalloc byte[SessionKeySize];
        try
        {
            ToSessionKey(fullSessionKey, sessionKey);
            DeriveSigningKey(dialect, sessionKey, preauthIntegrityHash, keys.SigningKeyBuffer);
            if (is311) Smb3Kdf.Derive(sessionKey, Smb311ApplicationLabel, preauthIntegrityHash, keys.ApplicationKeyBuffer);
            else Smb3Kdf.Derive(sessionKey, Smb30ApplicationLabel, Smb30ApplicationContext, keys.ApplicationKeyBuffer);

            // 3.1.4.2 / 3.3.5.5.3: the AES-256 ciphers take the full key and L = 256.
            ReadOnlySpan<byte> cipherKi = Smb2Cipher.KeySizeOf(cipherId) == 32 ? fullSessionKey : sessionKey;
            if (is311)
            {
                Smb3Kdf.Derive(cipherKi, Smb311ServerToClientLabel, preauthIntegrityHash, keys.EncryptionKeyBuffer);
                Smb3Kdf.Derive(cipherKi, Smb311ClientToServerLabel, preauthIntegrityHash, keys.DecryptionKeyBuffer);
            }
            else
            {
                Smb3Kdf.Derive(cipherKi, Smb30CipherLabel, Smb30ServerOutContext, keys.EncryptionKeyBuffer);
                Smb3Kdf.Derive(cipherKi, Smb30CipherLabel, Smb30ServerInContext, keys.DecryptionKeyBuffer);
            }
            return keys;
        }
        catch
        {
            keys.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sessionKey);
        }
    }

    /// <summary>
    /// A 16-byte signing key alone: Session.SigningKey, or Channel.SigningKey when a session is bound
    /// to another connection (MS-SMB2 3.3.5.5.3: from that authentication's session key and, in
    /// 3.1.1, the binding's own preauth integrity hash).
    /// </summary>
    public static void DeriveSigningKey(Smb2Dialect dialect, ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> preauthIntegrityHash, Span<byte> signingKey)
    {
        bool is311 = CheckDialect(dialect, preauthIntegrityHash);
        if (signingKey.Length != Smb3SessionKeys.SigningKeySize) throw new ArgumentException("a signing key is 16 bytes", nameof(signingKey));
        Span<byte> ki = stackalloc byte[SessionKeySize];
        ToSessionKey(sessionKey, ki);
        if (is311) Smb3Kdf.Derive(ki, Smb311SigningLabel, preauthIntegrityHash, signingKey);
        else Smb3Kdf.Derive(ki, Smb30SigningLabel, Smb30SigningContext, signingKey);
        CryptographicOperations.ZeroMemory(ki);
    }

    /// <summary>MS-SMB2 3.3.5.5.3: Session.SessionKey is the first 16 bytes of the key, right-padded with zeros.</summary>
    public static void ToSessionKey(ReadOnlySpan<byte> fullSessionKey, Span<byte> sessionKey)
    {
        sessionKey.Slice(0, SessionKeySize).Clear();
        fullSessionKey.Slice(0, Math.Min(SessionKeySize, fullSessionKey.Length)).CopyTo(sessionKey);
    }

    private static bool CheckDialect(Smb2Dialect dialect, ReadOnlySpan<byte> preauthIntegrityHash)
    {
        switch (dialect)
        {
            case Smb2Dialect.Smb300 or Smb2Dialect.Smb302:
                return false;
            case Smb2Dialect.Smb311:
                if (preauthIntegrityHash.Length != Smb2PreauthIntegrityHash.Size)
                    throw new ArgumentException("3.1.1 keys need the 64-byte preauth integrity hash", nameof(preauthIntegrityHash));
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "keys are derived only for SMB 3.x");
        }
    }
}
