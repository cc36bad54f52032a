using System.Buffers.Binary;
using System.Security.Cryptography;
using Protocol.Crypto;

namespace Protocol.Ntlm;

/// <summary>
/// NTLMSSP_MESSAGE_SIGNATURE with extended session security (MS-NLMP 2.2.2.9.2): Version (4) = 1,
/// Checksum (8), SeqNum (4); computed by MAC (3.4.4.2).
/// </summary>
public static class NtlmMessageSignature
{
    public const int Size = 16;
    public const uint SignatureVersion = 1;

    /// <summary>
    /// MS-NLMP 3.4.4.2: Checksum = HMAC_MD5(SigningKey, ConcatenationOf(SeqNum, Message))[0..7];
    /// if NTLMSSP_NEGOTIATE_KEY_EXCH was negotiated the checksum is further RC4-encrypted with the
    /// sealing handle (pass it as <paramref name="keyExchangeSealingHandle"/>, else null). The
    /// handle's keystream advances by 8 bytes.
    /// </summary>
    public static void Compute(ReadOnlySpan<byte> signingKey, Rc4? keyExchangeSealingHandle, uint seqNum,
        ReadOnlySpan<byte> message, Span<byte> signature)
    {
        Span<byte> seq = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(seq, seqNum);
        Span<byte> hmac = stackalloc byte[16];
        using (var h = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, signingKey))
        {
            h.AppendData(seq);
            h.AppendData(message);
            h.GetHashAndReset(hmac);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(signature, SignatureVersion);
        var checksum = signature.Slice(4, 8);
        hmac.Slice(0, 8).CopyTo(checksum);
        keyExchangeSealingHandle?.Transform(checksum);
        BinaryPrimitives.WriteUInt32LittleEndian(signature.Slice(12), seqNum);
    }
}
