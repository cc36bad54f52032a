using Ntvfs;
using Protocol.Encryption;
using Protocol.Signing;
using Protocol.Smb2;
using Protocol.Smb3;
using Protocol.Spnego;

namespace SmbServer.Smb2;

/// <summary>An SMB2 session (MS-SMB2 3.3.1.8) on one connection. Loop-owned.</summary>
public sealed class Smb2Session : IDisposable
{
    public Smb2Session(ulong sessionId) => SessionId = sessionId;

    public ulong SessionId { get; }

    /// <summary>In progress until the final SESSION_SETUP succeeds.</summary>
    public bool IsValid { get; set; }

    /// <summary>The SPNEGO exchange while the session is being set up (or re-authenticated).</summary>
    public SpnegoServer? Authentication { get; set; }

    /// <summary>SMB 3.1.1: Session.PreauthIntegrityHashValue, chained over this session's setup exchange.</summary>
    public Smb2PreauthIntegrityHash? PreauthHash { get; set; }

    public NtvfsSession? User { get; set; }

    public bool IsGuest => User?.IsGuest == true;
    public bool IsAnonymous => User?.IsAnonymous == true;

    public bool SigningRequired { get; set; }

    /// <summary>Session.EncryptData: every request must arrive encrypted, every response leaves encrypted.</summary>
    public bool EncryptData { get; set; }

    public ISmb2Signer? Signer { get; private set; }

    /// <summary>The cipher this server encrypts responses with (SMB 3.x), and the one it decrypts requests with.</summary>
    public Smb2Cipher? Encryptor { get; private set; }
    public Smb2Cipher? Decryptor { get; private set; }
    public Smb2NonceGenerator? Nonces { get; private set; }

    public bool CanEncrypt => Encryptor != null;

    public Dictionary<uint, Smb2Tree> Trees { get; } = new();

    private uint _nextTreeId = 1;

    public uint AllocateTreeId()
    {
        while (Trees.ContainsKey(_nextTreeId) || _nextTreeId == 0 || _nextTreeId == uint.MaxValue) _nextTreeId++;
        return _nextTreeId++;
    }

    /// <summary>SMB 2.x: Session.SessionKey signs with HMAC-SHA256.</summary>
    public void SetSigningKey(ReadOnlySpan<byte> sessionKey)
    {
        Signer?.Dispose();
        Signer = new Smb2HmacSha256Signer(sessionKey);
    }

    /// <summary>SMB 3.x: signing and (when a cipher was negotiated) encryption keys from the KDF (MS-SMB2 3.3.5.5.3).</summary>
    public void SetKeys(Smb2Dialect dialect, ReadOnlySpan<byte> sessionKey, Smb2SigningAlgorithm? negotiatedSigning, Smb2CipherId? cipher)
    {
        DisposeKeys();
        var preauth = PreauthHash != null ? PreauthHash.Value : default;
        using var keys = Smb3KeyDerivation.DeriveServerKeys(dialect, sessionKey, preauth, cipher ?? Smb2CipherId.Aes128Ccm);
        Signer = Smb2SignerFactory.Create(Smb2SignerFactory.AlgorithmFor(dialect, negotiatedSigning), keys.SigningKey, Smb2SigningRole.Server);
        if (cipher is { } id)
        {
            Encryptor = Smb2Cipher.Create(id, keys.EncryptionKey);
            Decryptor = Smb2Cipher.Create(id, keys.DecryptionKey);
            Nonces = new Smb2NonceGenerator(id);
        }
    }

    private void DisposeKeys()
    {
        Signer?.Dispose();
        Encryptor?.Dispose();
        Decryptor?.Dispose();
        Signer = null;
        Encryptor = Decryptor = null;
        Nonces = null;
    }

    public void Dispose()
    {
        DisposeKeys();
        PreauthHash?.Dispose();
        PreauthHash = null;
    }
}
