using System.Security.Cryptography;
using Protocol.Smb2;

namespace Protocol.Encryption;

/// <summary>
/// SMB 3.x message encryption under one key (MS-SMB2 3.1.4.3 encrypting, 3.3.5.2.1 decrypting): an
/// AEAD cipher (AES-128/256 in CCM or GCM mode, 16-byte tag) applied to whole SMB2 messages behind
/// an SMB2 TRANSFORM_HEADER. The message is the plaintext, the 32 header bytes from the Nonce on are
/// the additional data, the tag goes into the header's Signature field.
/// </summary>
/// <remarks>
/// One instance holds one key: the server's Session.EncryptionKey (to encrypt what it sends) or
/// Session.DecryptionKey (to decrypt what it receives). Instances are not thread-safe: use one per
/// connection (channel) and share only the key's <see cref="Smb2NonceGenerator"/>. Nothing is
/// allocated per message. A failed decryption is a false return, never an exception; its output is
/// zeroed so no unauthenticated plaintext escapes.
/// </remarks>
public abstract class Smb2Cipher : IDisposable
{
    public const int TagSize = 16;
    public const int CcmNonceSize = 11;
    public const int GcmNonceSize = 12;

    private protected Smb2Cipher(Smb2CipherId cipherId) => CipherId = cipherId;

    public Smb2CipherId CipherId { get; }

    /// <summary>How many leading bytes of the 16-byte Nonce field the cipher uses.</summary>
    public int NonceSize => NonceSizeOf(CipherId);

    /// <summary>MS-SMB2 2.2.41: AES_CCM_Nonce is 11 bytes, AES_GCM_Nonce 12.</summary>
    public static int NonceSizeOf(Smb2CipherId cipherId) => cipherId switch
    {
        Smb2CipherId.Aes128Ccm or Smb2CipherId.Aes256Ccm => CcmNonceSize,
        Smb2CipherId.Aes128Gcm or Smb2CipherId.Aes256Gcm => GcmNonceSize,
        _ => throw new ArgumentOutOfRangeException(nameof(cipherId), cipherId, "unknown cipher"),
    };

    /// <summary>16 bytes for the AES-128 ciphers, 32 for AES-256 (MS-SMB2 3.1.4.2: L = 128 or 256).</summary>
    public static int KeySizeOf(Smb2CipherId cipherId) => cipherId switch
    {
        Smb2CipherId.Aes128Ccm or Smb2CipherId.Aes128Gcm => 16,
        Smb2CipherId.Aes256Ccm or Smb2CipherId.Aes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(cipherId), cipherId, "unknown cipher"),
    };

    public static bool IsDefined(Smb2CipherId cipherId) => cipherId is >= Smb2CipherId.Aes128Ccm and <= Smb2CipherId.Aes256Gcm;

    /// <summary>
    /// The cipher for <paramref name="cipherId"/> keyed with <paramref name="key"/> (exactly
    /// <see cref="KeySizeOf"/> bytes). CCM is ours over the platform's AES; AES-128-GCM is the BCL's
    /// AesGcm; AES-256-GCM is NSec's (libsodium) where the CPU supports it, else the BCL's. See each
    /// implementation for why.
    /// </summary>
    public static Smb2Cipher Create(Smb2CipherId cipherId, ReadOnlySpan<byte> key) => cipherId switch
    {
        Smb2CipherId.Aes128Ccm or Smb2CipherId.Aes256Ccm => new Smb2AesCcmCipher(cipherId, key),
        Smb2CipherId.Aes128Gcm => new Smb2AesGcmCipher(cipherId, key),
        Smb2CipherId.Aes256Gcm when Smb2NSecAes256GcmCipher.IsSupported => new Smb2NSecAes256GcmCipher(key),
        Smb2CipherId.Aes256Gcm => new Smb2AesGcmCipher(cipherId, key),
        _ => throw new ArgumentOutOfRangeException(nameof(cipherId), cipherId, "unknown cipher"),
    };

    /// <summary>
    /// Plain AEAD encryption: <paramref name="ciphertext"/> (as long as the plaintext, the same
    /// span or not overlapping it) and <paramref name="tag"/>. CCM takes nonces of 7 to 13 bytes and
    /// tags of 4 to 16 (even) bytes; GCM takes 12 and 16. SMB uses <see cref="NonceSize"/> and 16.
    /// </summary>
    public abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData);

    /// <summary>Plain AEAD decryption; false (and <paramref name="plaintext"/> zeroed) if the tag does not match.</summary>
    public abstract bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);

    /// <summary>
    /// Encrypts <paramref name="message"/> (one SMB2 message or compound chain) with the next nonce
    /// of <paramref name="nonces"/> and writes transform header plus ciphertext to
    /// <paramref name="destination"/>, which needs <see cref="Smb2TransformHeader.Size"/> + message
    /// length bytes. The message may already sit at destination[52..] (in place). Returns the header written.
    /// </summary>
    public Smb2TransformHeader EncryptMessage(Smb2NonceGenerator nonces, ulong sessionId, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (nonces.CipherId != CipherId) throw new ArgumentException("the nonce generator belongs to another cipher", nameof(nonces));
        var header = Smb2TransformHeader.ForMessage(nonces.Next(), (uint)message.Length, sessionId);
        EncryptMessage(header, message, destination);
        return header with { Signature = Smb2Signature.Read(destination[Smb2TransformHeader.SignatureOffset..]) };
    }

    /// <summary>
    /// As the other overload, with a header the caller made (its Signature is ignored and its
    /// OriginalMessageSize must be the message length). The caller answers for the nonce's uniqueness.
    /// </summary>
    public void EncryptMessage(in Smb2TransformHeader header, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (message.IsEmpty) throw new ArgumentException("nothing to encrypt", nameof(message));
        if (header.OriginalMessageSize != (uint)message.Length) throw new ArgumentException("OriginalMessageSize is not the message length", nameof(header));
        if (destination.Length < Smb2TransformHeader.Size + message.Length) throw new ArgumentException("destination too short", nameof(destination));
        var body = destination.Slice(Smb2TransformHeader.Size, message.Length);
        if (message.Overlaps(destination) && (!message.Overlaps(body, out int offset) || offset != 0))
            throw new ArgumentException("the message must be at destination[52..] or apart from it", nameof(message));
        (header with { Signature = Smb2Signature.Zero }).Write(destination);
        Encrypt(
            nonce: destination.Slice(Smb2TransformHeader.NonceOffset, NonceSize),
            plaintext: message,
            ciphertext: body,
            tag: destination.Slice(Smb2TransformHeader.SignatureOffset, TagSize),
            associatedData: destination.Slice(Smb2TransformHeader.AssociatedDataOffset, Smb2TransformHeader.AssociatedDataSize));
    }

    /// <summary>
    /// Decrypts a whole transform message into <paramref name="message"/> (which may be
    /// transformMessage[52..] itself, for in place). Fails with InvalidParameter for a malformed
    /// header (<see cref="Smb2TransformHeader.TryParse"/>), BufferTooSmall if
    /// <paramref name="message"/> cannot hold OriginalMessageSize bytes, and AccessDenied if the
    /// signature does not verify; the caller then disconnects (MS-SMB2 3.3.5.2.1).
    /// </summary>
    public bool TryDecryptMessage(ReadOnlySpan<byte> transformMessage, Span<byte> message, out int messageLength, out NtStatus error)
    {
        messageLength = 0;
        if (!Smb2TransformHeader.TryParse(transformMessage, out var header, out error)) return false;
        int length = (int)header.OriginalMessageSize;
        if (message.Length < length)
        {
            error = NtStatus.BufferTooSmall;
            return false;
        }
        bool ok = TryDecrypt(
            nonce: transformMessage.Slice(Smb2TransformHeader.NonceOffset, NonceSize),
            ciphertext: transformMessage.Slice(Smb2TransformHeader.Size, length),
            tag: transformMessage.Slice(Smb2TransformHeader.SignatureOffset, TagSize),
            plaintext: message.Slice(0, length),
            associatedData: transformMessage.Slice(Smb2TransformHeader.AssociatedDataOffset, Smb2TransformHeader.AssociatedDataSize));
        if (!ok)
        {
            error = NtStatus.AccessDenied;
            return false;
        }
        messageLength = length;
        error = NtStatus.Success;
        return true;
    }

    /// <summary>The in-place rule of every implementation: the output is the input span itself or apart from it.</summary>
    private protected static void CheckOverlap(ReadOnlySpan<byte> input, ReadOnlySpan<byte> output, string name)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
            throw new ArgumentException("input and output must be the same span or not overlap", name);
    }

    private protected static void CheckGcmSizes(ReadOnlySpan<byte> nonce, int inputLength, int outputLength, int tagLength)
    {
        if (nonce.Length != GcmNonceSize) throw new ArgumentException("a GCM nonce is 12 bytes", nameof(nonce));
        if (tagLength != TagSize) throw new ArgumentException("the tag is 16 bytes", "tag");
        if (inputLength != outputLength) throw new ArgumentException("output length must equal input length");
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
