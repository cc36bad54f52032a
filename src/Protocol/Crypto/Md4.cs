using System.Buffers.Binary;
using System.Numerics;

namespace Protocol.Crypto;

/// <summary>
/// MD4 (RFC 1320). Needed only because NTLM's NT hash is MD4 of the UTF-16LE password
/// (MS-NLMP 3.3.1); the BCL does not offer it.
/// </summary>
public static class Md4
{
    public const int HashSize = 16;

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSize) throw new ArgumentException("destination too small", nameof(destination));
        uint a = 0x67452301, b = 0xEFCDAB89, c = 0x98BADCFE, d = 0x10325476;
        Span<uint> x = stackalloc uint[16];
        Span<byte> tail = stackalloc byte[128];

        int full = data.Length / 64;
        for (int i = 0; i < full; i++) Block(data.Slice(i * 64, 64), x, ref a, ref b, ref c, ref d);

        int rest = data.Length % 64;
        data.Slice(full * 64).CopyTo(tail);
        tail[rest] = 0x80;
        int tailLength = rest < 56 ? 64 : 128;
        tail.Slice(rest + 1, tailLength - rest - 1).Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(tail.Slice(tailLength - 8), (ulong)data.Length * 8);
        for (int i = 0; i < tailLength; i += 64) Block(tail.Slice(i, 64), x, ref a, ref b, ref c, ref d);

        BinaryPrimitives.WriteUInt32LittleEndian(destination, a);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(4), b);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(8), c);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(12), d);
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashSize];
        Hash(data, hash);
        return hash;
    }

    private static void Block(ReadOnlySpan<byte> block, Span<uint> x, ref uint a, ref uint b, ref uint c, ref uint d)
    {
        for (int i = 0; i < 16; i++) x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(i * 4));
        uint aa = a, bb = b, cc = c, dd = d;

        // Round 1: F(x,y,z) = (x & y) | (~x & z)
        foreach (int i in new[] { 0, 4, 8, 12 })
        {
            a = BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + x[i], 3);
            d = BitOperations.RotateLeft(d + ((a & b) | (~a & c)) + x[i + 1], 7);
            c = BitOperations.RotateLeft(c + ((d & a) | (~d & b)) + x[i + 2], 11);
            b = BitOperations.RotateLeft(b + ((c & d) | (~c & a)) + x[i + 3], 19);
        }
        // Round 2: G(x,y,z) = (x & y) | (x & z) | (y & z), constant 0x5A827999
        for (int i = 0; i < 4; i++)
        {
            a = BitOperations.RotateLeft(a + ((b & c) | (b & d) | (c & d)) + x[i] + 0x5A827999, 3);
            d = BitOperations.RotateLeft(d + ((a & b) | (a & c) | (b & c)) + x[i + 4] + 0x5A827999, 5);
            c = BitOperations.RotateLeft(c + ((d & a) | (d & b) | (a & b)) + x[i + 8] + 0x5A827999, 9);
            b = BitOperations.RotateLeft(b + ((c & d) | (c & a) | (d & a)) + x[i + 12] + 0x5A827999, 13);
        }
        // Round 3: H(x,y,z) = x ^ y ^ z, constant 0x6ED9EBA1
        foreach (int i in new[] { 0, 2, 1, 3 })
        {
            a = BitOperations.RotateLeft(a + (b ^ c ^ d) + x[i] + 0x6ED9EBA1, 3);
            d = BitOperations.RotateLeft(d + (a ^ b ^ c) + x[i + 8] + 0x6ED9EBA1, 9);
            c = BitOperations.RotateLeft(c + (d ^ a ^ b) + x[i + 4] + 0x6ED9EBA1, 11);
            b = BitOperations.RotateLeft(b + (c ^ d ^ a) + x[i + 12] + 0x6ED9EBA1, 15);
        }
        a += aa; b += bb; c += cc; d += dd;
    }
}
