using System.Security.Cryptography;

namespace Protocol.Tests.Signing;

/// <summary>
/// Deliberately plain, block-at-a-time reference versions of AES-CMAC (RFC 4493 2.4) and GMAC (NIST SP
/// 800-38D: GCM with an empty plaintext, GHASH bit by bit), written from the specifications
/// independently of the code under test, to check it on inputs no published vector covers.
/// </summary>
internal static class AesReference
{
    public static byte[] EncryptBlock(byte[] key, ReadOnlySpan<byte> block)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptEcb(block.ToArray(), PaddingMode.None);
    }

    public static byte[] Cmac(byte[] key, ReadOnlySpan<byte> message)
    {
        byte[] l = EncryptBlock(key, new byte[16]);
        byte[] k1 = Double(l), k2 = Double(k1);
        int blocks = Math.Max(1, (message.Length + 15) / 16);
        bool complete = message.Length > 0 && message.Length % 16 == 0;
        var x = new byte[16];
        for (int i = 0; i < blocks; i++)
        {
            var block = new byte[16];
            int start = i * 16;
            int n = Math.Min(16, message.Length - start);
            message.Slice(start, n).CopyTo(block);
            if (i == blocks - 1)
            {
                if (!complete) block[n] = 0x80;
                byte[] k = complete ? k1 : k2;
                for (int j = 0; j < 16; j++) block[j] ^= k[j];
            }
            for (int j = 0; j < 16; j++) block[j] ^= x[j];
            x = EncryptBlock(key, block);
        }
        return x;
    }

    private static byte[] Double(byte[] b)
    {
        var r = new byte[16];
        for (int i = 0; i < 16; i++) r[i] = (byte)((b[i] << 1) | (i < 15 ? b[i + 1] >> 7 : 0));
        if ((b[0] & 0x80) != 0) r[15] ^= 0x87;
        return r;
    }

    public static byte[] Gmac(byte[] key, ReadOnlySpan<byte> nonce12, ReadOnlySpan<byte> aad)
    {
        byte[] h = EncryptBlock(key, new byte[16]);
        var x = new byte[16];
        for (int start = 0; start < aad.Length; start += 16)
        {
            var block = new byte[16];
            aad.Slice(start, Math.Min(16, aad.Length - start)).CopyTo(block);
            for (int j = 0; j < 16; j++) x[j] ^= block[j];
            x = Multiply(x, h);
        }
        var lengths = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)aad.Length * 8);
        for (int j = 0; j < 16; j++) x[j] ^= lengths[j];
        x = Multiply(x, h);
        var j0 = new byte[16];
        nonce12.CopyTo(j0);
        j0[15] = 1;
        byte[] ek = EncryptBlock(key, j0);
        for (int j = 0; j < 16; j++) x[j] ^= ek[j];
        return x;
    }

    /// <summary>SP 800-38D 6.3 Algorithm 1, bit by bit.</summary>
    private static byte[] Multiply(byte[] x, byte[] y)
    {
        var z = new byte[16];
        var v = (byte[])y.Clone();
        for (int i = 0; i < 128; i++)
        {
            if ((x[i / 8] & (0x80 >> (i % 8))) != 0)
                for (int j = 0; j < 16; j++) z[j] ^= v[j];
            bool lsb = (v[15] & 1) != 0;
            for (int j = 15; j > 0; j--) v[j] = (byte)((v[j] >> 1) | (v[j - 1] << 7));
            v[0] >>= 1;
            if (lsb) v[0] ^= 0xE1;
        }
        return z;
    }
}
