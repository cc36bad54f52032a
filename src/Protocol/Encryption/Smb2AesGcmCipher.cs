using System.Security.Cryptography;

namespace Protocol.Encryption;

/// <summary>
/// AES-128-GCM and AES-256-GCM through the BCL's <see cref="AesGcm"/> (OpenSSL on Linux), which
/// keeps one native context per instance, works in place, takes the tag detached (as SMB carries
/// it, in the transform header) and allocates nothing per call. A tag mismatch surfaces from the
/// BCL as a CryptographicException; it is caught here and becomes false.
/// </summary>
internal sealed class Smb2AesGcmCipher : Smb2Cipher
{
    private readonly AesGcm _gcm;

    public Smb2AesGcmCipher(Smb2CipherId cipherId, ReadOnlySpan<byte> key) : base(cipherId)
    {
        if (cipherId is not (Smb2CipherId.Aes128Gcm or Smb2CipherId.Aes256Gcm)) throw new ArgumentOutOfRangeException(nameof(cipherId));
        if (key.Length != KeySizeOf(cipherId)) throw new ArgumentException($"{cipherId} takes a {KeySizeOf(cipherId)}-byte key", nameof(key));
        _gcm = new AesGcm(key, TagSize);
    }

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        CheckGcmSizes(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        CheckOverlap(plaintext, ciphertext, nameof(ciphertext));
        _gcm.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
    }

    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        CheckGcmSizes(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        CheckOverlap(ciphertext, plaintext, nameof(plaintext));
        try
        {
            _gcm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gcm.Dispose();
    }
}
