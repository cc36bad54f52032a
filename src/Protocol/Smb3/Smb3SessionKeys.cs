using System.Security.Cryptography;
using Protocol.Encryption;

namespace Protocol.Smb3;

/// <summary>
/// A session's SMB 3.x keys as the server holds them (MS-SMB2 3.3.1.8, 3.3.5.5.3): SigningKey and
/// ApplicationKey (16 bytes), EncryptionKey (what the server encrypts with, client-side called the
/// decryption key: "ServerOut" / "SMBS2CCipherKey") and DecryptionKey (what the server decrypts
/// with: "ServerIn " / "SMBC2SCipherKey"), 16 or 32 bytes by cipher. The bytes live in pinned
/// arrays, so the GC never leaves copies behind, and are zeroed on Dispose.
/// </summary>
public sealed class Smb3SessionKeys : IDisposable
{
    public const int SigningKeySize = 16;
    public const int ApplicationKeySize = 16;

    private readonly byte[] _signingKey = GC.AllocateArray<byte>(SigningKeySize, pinned: true);
    private readonly byte[] _applicationKey = GC.AllocateArray<byte>(ApplicationKeySize, pinned: true);
    private readonly byte[] _encryptionKey;
    private readonly byte[] _decryptionKey;
    private bool _disposed;

    internal Smb3SessionKeys(Smb2CipherId cipherId)
    {
        CipherId = cipherId;
        int size = Smb2Cipher.KeySizeOf(cipherId);
        _encryptionKey = GC.AllocateArray<byte>(size, pinned: true);
        _decryptionKey = GC.AllocateArray<byte>(size, pinned: true);
    }

    /// <summary>The cipher the encryption keys were sized for (AES-128-CCM for 3.0 and 3.0.2).</summary>
    public Smb2CipherId CipherId { get; }

    public ReadOnlySpan<byte> SigningKey => Live(_signingKey);
    public ReadOnlySpan<byte> ApplicationKey => Live(_applicationKey);
    /// <summary>Session.EncryptionKey: the server encrypts its messages to the client with it.</summary>
    public ReadOnlySpan<byte> EncryptionKey => Live(_encryptionKey);
    /// <summary>Session.DecryptionKey: the server decrypts the client's messages with it.</summary>
    public ReadOnlySpan<byte> DecryptionKey => Live(_decryptionKey);

    internal Span<byte> SigningKeyBuffer => _signingKey;
    internal Span<byte> ApplicationKeyBuffer => _applicationKey;
    internal Span<byte> EncryptionKeyBuffer => _encryptionKey;
    internal Span<byte> DecryptionKeyBuffer => _decryptionKey;

    private ReadOnlySpan<byte> Live(byte[] key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return key;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CryptographicOperations.ZeroMemory(_signingKey);
        CryptographicOperations.ZeroMemory(_applicationKey);
        CryptographicOperations.ZeroMemory(_encryptionKey);
        CryptographicOperations.ZeroMemory(_decryptionKey);
    }
}
