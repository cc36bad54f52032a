using System.Security.Cryptography;

namespace Protocol.Signing;

/// <summary>
/// SMB 2.0.2 / 2.1 signing (MS-SMB2 3.1.4.1): HMAC-SHA256 keyed with the 16-byte session key,
/// over the message with its Signature field zeroed; the first 16 bytes of the MAC are the signature.
/// </summary>
/// <remarks>
/// Uses the BCL's IncrementalHash (OpenSSL on Linux), created once and reset by each
/// GetHashAndReset, so a message costs no allocation. Verify feeds the header up to the field,
/// 16 zero bytes, then the rest, so the input is never copied or modified.
/// </remarks>
public sealed class Smb2HmacSha256Signer : ISmb2Signer
{
    public const int KeySize = 16;
    private static readonly byte[] ZeroSignature = new byte[Smb2SignatureField.Size];

    private readonly IncrementalHash _hmac;

    /// <param name="sessionKey">
    /// The session key. MS-SMB2 3.3.5.5.3: Session.SessionKey is its first 16 bytes, right-padded
    /// with zeros when shorter.
    /// </param>
    public Smb2HmacSha256Signer(ReadOnlySpan<byte> sessionKey)
    {
        Span<byte> key = stackalloc byte[KeySize];
        key.Clear();
        sessionKey.Slice(0, Math.Min(KeySize, sessionKey.Length)).CopyTo(key);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        CryptographicOperations.ZeroMemory(key);
    }

    public void Sign(Span<byte> message)
    {
        if (message.Length < Smb2SignatureField.HeaderSize) throw new ArgumentException("message shorter than an SMB2 header", nameof(message));
        var signature = message.Slice(Smb2SignatureField.Offset, Smb2SignatureField.Size);
        signature.Clear();
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        _hmac.AppendData(message);
        _hmac.GetHashAndReset(mac);
        mac.Slice(0, Smb2SignatureField.Size).CopyTo(signature);
    }

    public bool Verify(ReadOnlySpan<byte> message)
    {
        if (message.Length < Smb2SignatureField.HeaderSize) return false;
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        _hmac.AppendData(message.Slice(0, Smb2SignatureField.Offset));
        _hmac.AppendData(ZeroSignature);
        _hmac.AppendData(message.Slice(Smb2SignatureField.End));
        _hmac.GetHashAndReset(mac);
        return CryptographicOperations.FixedTimeEquals(mac.Slice(0, Smb2SignatureField.Size),
            message.Slice(Smb2SignatureField.Offset, Smb2SignatureField.Size));
    }

    public void Dispose() => _hmac.Dispose();
}
