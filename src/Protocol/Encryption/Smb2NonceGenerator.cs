using System.Security.Cryptography;

namespace Protocol.Encryption;

/// <summary>
/// Makes the nonces of the messages encrypted under one key. MS-SMB2 2.2.41 and 3.1.4.3: a nonce
/// MUST NOT be reused for another encrypted message of the session; reuse under GCM gives away the
/// authentication key and under CCM the plaintexts' xor. One generator serves the key for its whole
/// life, shared by every channel that encrypts with it; it is thread-safe and allocates nothing.
/// </summary>
/// <remarks>
/// The deterministic construction of NIST SP 800-38D 8.2.1: bytes 0-7 hold a 64-bit invocation
/// counter (little-endian, from 0), the remaining bytes of the cipher's nonce (3 for CCM's 11, 4 for
/// GCM's 12) a random fixed field chosen when the generator is made, and the reserved rest of the
/// 16-byte field is zero. Uniqueness rests on the counter alone; the random field only keeps two
/// keys' nonce sequences apart. The counter never wraps: past 2^64 - 1 messages Next throws instead.
/// </remarks>
public sealed class Smb2NonceGenerator
{
    private readonly ulong _fixedField;
    private ulong _next;
    private bool _exhausted;
    private readonly Lock _lock = new();

    public Smb2NonceGenerator(Smb2CipherId cipherId)
        : this(cipherId, RandomFixedField(), 0)
    {
    }

    private static ulong RandomFixedField()
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        RandomNumberGenerator.Fill(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>For tests: a chosen fixed field and first counter value.</summary>
    internal Smb2NonceGenerator(Smb2CipherId cipherId, ulong fixedField, ulong firstCounter)
    {
        CipherId = cipherId;
        int fixedBytes = Smb2Cipher.NonceSizeOf(cipherId) - sizeof(ulong);
        _fixedField = fixedField & ((1UL << (8 * fixedBytes)) - 1);
        _next = firstCounter;
    }

    public Smb2CipherId CipherId { get; }

    /// <summary>The next unused nonce. Throws <see cref="InvalidOperationException"/> once 2^64 nonces are spent.</summary>
    public Smb2TransformNonce Next()
    {
        ulong counter;
        lock (_lock)
        {
            if (_exhausted) throw new InvalidOperationException("the nonce space of this key is exhausted; the session must be re-established");
            counter = _next;
            if (counter == ulong.MaxValue) _exhausted = true;
            else _next = counter + 1;
        }
        return new Smb2TransformNonce(counter, _fixedField);
    }
}
