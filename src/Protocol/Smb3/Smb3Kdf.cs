using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Protocol.Smb3;

/// <summary>
/// The SMB 3.x key derivation function (MS-SMB2 3.1.4.2): NIST SP 800-108 KDF in counter mode with
/// HMAC-SHA256 as the PRF and r = 32, K(i) = HMAC-SHA256(KI, [i]_32 || Label || 0x00 || Context ||
/// [L]_32), big-endian counters from 1, output the first L bits of K(1) || K(2) || ....
/// </summary>
public static class Smb3Kdf
{
    /// <summary>
    /// Fills <paramref name="output"/> (L = its length in bits: 128 or 256 for SMB). The label and
    /// context are used as given: MS-SMB2's labels (and 3.0's contexts) include their terminating
    /// NUL, and SP 800-108's 0x00 separator comes on top of it.
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, Span<byte> output)
    {
        if (output.IsEmpty || output.Length > int.MaxValue / 8) throw new ArgumentException("output must be 1 to 2^28 bytes", nameof(output));
        Span<byte> counter = stackalloc byte[sizeof(uint)];
        Span<byte> length = stackalloc byte[sizeof(uint)];
        Span<byte> separator = stackalloc byte[1];
        Span<byte> block = stackalloc byte[HMACSHA256.HashSizeInBytes];
        separator[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)output.Length * 8);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        uint i = 1;
        for (int offset = 0; offset < output.Length; offset += block.Length, i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(counter, i);
            hmac.AppendData(counter);
            hmac.AppendData(label);
            hmac.AppendData(separator);
            hmac.AppendData(context);
            hmac.AppendData(length);
            hmac.GetHashAndReset(block);
            block.Slice(0, Math.Min(block.Length, output.Length - offset)).CopyTo(output.Slice(offset));
        }
        CryptographicOperations.ZeroMemory(block);
    }
}
