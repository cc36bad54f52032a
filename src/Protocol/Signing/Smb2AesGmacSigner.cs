using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Protocol.Smb2;

namespace Protocol.Signing;

/// <summary>
/// SMB 3.1.1 signing with AES-128-GMAC (MS-SMB2 3.1.4.1), when SMB2_SIGNING_CAPABILITIES negotiated
/// it: AES-128-GCM with an empty plaintext, the whole message (Signature field zeroed) as the
/// additional authenticated data, and the 16-byte tag as the signature.
/// </summary>
/// <remarks>
/// The 12-byte nonce (RFC 4543) is the header's MessageId (8 bytes, little-endian) followed by a
/// 32-bit little-endian value whose bit 0 is 1 when the sender is the server and whose bit 1 is 1
/// for an SMB2 CANCEL request; the other 30 bits are zero. The role comes from this signer's
/// <see cref="Smb2SigningRole"/> (the sender of what it signs; the peer for what it verifies),
/// not from the header's SERVER_TO_REDIR flag, so a message signed by one end cannot be replayed
/// as the other's. Verify compares the tag in constant time. GCM takes the additional data as one
/// span, so Verify copies the message into a pooled buffer to zero the field there (the input stays
/// untouched); <see cref="VerifyInPlace"/> zeroes and restores the field in the caller's buffer
/// instead, which the server does for what it receives. Sign works in place. None allocates once
/// the pool has warmed up.
/// </remarks>
public sealed class Smb2AesGmacSigner : ISmb2Signer
{
    public const int KeySize = 16;
    public const int NonceSize = 12;
    private const int TagSize = 16;
    private const uint ServerBit = 0x1;
    private const uint CancelBit = 0x2;

    private readonly AesGcm _gcm;
    private readonly Smb2SigningRole _role;

    public Smb2AesGmacSigner(ReadOnlySpan<byte> signingKey, Smb2SigningRole role)
    {
        if (signingKey.Length != KeySize) throw new ArgumentException("an SMB 3.x signing key is 16 bytes", nameof(signingKey));
        _gcm = new AesGcm(signingKey, TagSize);
        _role = role;
    }

    public Smb2SigningRole Role => _role;

    public void Sign(Span<byte> message)
    {
        if (message.Length < Smb2SignatureField.HeaderSize) throw new ArgumentException("message shorter than an SMB2 header", nameof(message));
        var signature = message.Slice(Smb2SignatureField.Offset, Smb2SignatureField.Size);
        signature.Clear();
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(message, _role, nonce);
        Span<byte> tag = stackalloc byte[TagSize];
        _gcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, message);
        tag.CopyTo(signature);
    }

    public bool Verify(ReadOnlySpan<byte> message)
    {
        if (message.Length < Smb2SignatureField.HeaderSize) return false;
        var sender = _role == Smb2SigningRole.Server ? Smb2SigningRole.Client : Smb2SigningRole.Server;
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(message, sender, nonce);
        Span<byte> tag = stackalloc byte[TagSize];
        byte[] copy = ArrayPool<byte>.Shared.Rent(message.Length);
        try
        {
            var aad = copy.AsSpan(0, message.Length);
            message.CopyTo(aad);
            aad.Slice(Smb2SignatureField.Offset, Smb2SignatureField.Size).Clear();
            _gcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, aad);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
        return CryptographicOperations.FixedTimeEquals(tag, message.Slice(Smb2SignatureField.Offset, Smb2SignatureField.Size));
    }

    /// <summary>
    /// Verify without the copy: the Signature field is saved, zeroed for the computation and restored,
    /// so the message reads as it came in afterwards whatever the outcome.
    /// </summary>
    public bool VerifyInPlace(Span<byte> message)
    {
        if (message.Length < Smb2SignatureField.HeaderSize) return false;
        var sender = _role == Smb2SigningRole.Server ? Smb2SigningRole.Client : Smb2SigningRole.Server;
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(message, sender, nonce);
        var field = message.Slice(Smb2SignatureField.Offset, Smb2SignatureField.Size);
        Span<byte> received = stackalloc byte[TagSize];
        field.CopyTo(received);
        field.Clear();
        Span<byte> tag = stackalloc byte[TagSize];
        try
        {
            _gcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, message);
        }
        finally
        {
            received.CopyTo(field);
        }
        return CryptographicOperations.FixedTimeEquals(tag, received);
    }

    /// <summary>MS-SMB2 3.1.4.1: MessageId, then the role and cancel bits of the sender.</summary>
    internal static void WriteNonce(ReadOnlySpan<byte> message, Smb2SigningRole sender, Span<byte> nonce)
    {
        ulong messageId = BinaryPrimitives.ReadUInt64LittleEndian(message.Slice(Smb2Header.MessageIdOffset));
        var command = (Smb2Command)BinaryPrimitives.ReadUInt16LittleEndian(message.Slice(Smb2Header.CommandOffset));
        uint bits = (sender == Smb2SigningRole.Server ? ServerBit : 0) | (command == Smb2Command.Cancel ? CancelBit : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(nonce, messageId);
        BinaryPrimitives.WriteUInt32LittleEndian(nonce.Slice(8), bits);
    }

    public void Dispose() => _gcm.Dispose();
}
