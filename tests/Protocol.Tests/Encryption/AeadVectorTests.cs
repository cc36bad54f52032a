using System.Security.Cryptography;
using Protocol.Encryption;

namespace Protocol.Tests.Encryption;

/// <summary>The ciphers' plain AEAD layer against published vectors, in both directions and in place.</summary>
public class AeadVectorTests
{
    public static TheoryData<string, string, string, string, string, string, string> CcmVectors => new()
    {
        // name, key, nonce, associated data, plaintext, ciphertext, tag
        // NIST SP 800-38C Appendix C, examples 1-3 (AES-128; 4-, 6- and 8-byte tags).
        { "SP800-38C C.1", "404142434445464748494a4b4c4d4e4f", "10111213141516", "0001020304050607", "20212223", "7162015b", "4dac255d" },
        { "SP800-38C C.2", "404142434445464748494a4b4c4d4e4f", "1011121314151617", "000102030405060708090a0b0c0d0e0f",
          "202122232425262728292a2b2c2d2e2f", "d2a1f0e051ea5f62081a7792073d593d", "1fc64fbfaccd" },
        { "SP800-38C C.3", "404142434445464748494a4b4c4d4e4f", "101112131415161718191a1b", "000102030405060708090a0b0c0d0e0f10111213",
          "202122232425262728292a2b2c2d2e2f3031323334353637", "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5", "484392fbc1b09951" },
        // RFC 3610 section 8, packet vectors #1 and #2 (13-byte nonce, 8-byte tag).
        { "RFC3610 #1", "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", "00000003020100a0a1a2a3a4a5", "0001020304050607",
          "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e", "588c979a61c663d2f066d0c2c0f989806d5f6b61dac384", "17e8d12cfdf926e0" },
        { "RFC3610 #2", "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", "00000004030201a0a1a2a3a4a5", "0001020304050607",
          "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "72c91a36e135f8cf291ca894085c87e3cc15c439c9e43a3b", "a091d56e10400916" },
        // IEEE P1619.1/D22 Annex D.2, CCM-128-AES-256 vectors 1, 2, 5 and 9 (12-byte nonce, 16-byte tag).
        { "P1619.1 D.2.1", "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "",
          "00000000000000000000000000000000", "c1944044c8e7aa95d2de9513c7f3dd8c", "4b0a3e5e51f151eb0ffae7c43d010fdb" },
        { "P1619.1 D.2.2", "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000",
          "00000000000000000000000000000000", "", "", "904704e89fb216443cb9d584911fc3c2" },
        { "P1619.1 D.2.5", "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f", "101112131415161718191a1b",
          "000102030405060708090a0b0c0d0e0f10111213", "202122232425262728292a2b2c2d2e2f3031323334353637",
          "04f883aeb3bd0730eaf50bb6de4fa2212034e4e41b0e75e5", "9bba3f3a107f3239bd63902923f80371" },
        { "P1619.1 D.2.9", "f8d476cfd646ea6c2384cb1c27d6195dfef1a9f37b9c8d21a79c21f8cb90d289", "dbd1a3636024b7b402da7d6f",
          "7bd859a247961a21823b380e9fe8b65082ba61d3", "90ae61cf7baebd4cade494c54a29ae70269aec71",
          "6c05313e45dc8ec10bea6c670bd94f31569386a6", "8f3829e8e76ee23c04f566189e63c686" },
    };

    [Theory]
    [MemberData(nameof(CcmVectors))]
    public void CcmVectorsEncryptAndDecrypt(string name, string key, string nonce, string aad, string plaintext, string ciphertext, string tag)
    {
        var k = Hex.Bytes(key);
        var id = k.Length == 16 ? Smb2CipherId.Aes128Ccm : Smb2CipherId.Aes256Ccm;
        using var cipher = new Smb2AesCcmCipher(id, k);
        Check(name, cipher, Hex.Bytes(nonce), Hex.Bytes(aad), Hex.Bytes(plaintext), Hex.Bytes(ciphertext), Hex.Bytes(tag));
    }

    [Fact]
    public void CcmLongAssociatedDataUsesTheSixByteLengthEncoding()
    {
        // NIST SP 800-38C C.4: 2^16 bytes of associated data (00 01 .. ff repeated), 14-byte tag.
        var aad = new byte[65536];
        for (int i = 0; i < aad.Length; i++) aad[i] = (byte)i;
        using var cipher = new Smb2AesCcmCipher(Smb2CipherId.Aes128Ccm, Hex.Bytes("404142434445464748494a4b4c4d4e4f"));
        Check("SP800-38C C.4", cipher, Hex.Bytes("101112131415161718191a1b1c"), aad,
            Hex.Bytes("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"),
            Hex.Bytes("69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72"),
            Hex.Bytes("b4ac6bec93e8598e7f0dadbcea5b"));
    }

    private const string K1 = "feffe9928665731c6d6a8f9467308308";
    private const string Iv = "cafebabefacedbaddecaf888";
    private const string P64 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
                               "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private const string A20 = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

    public static TheoryData<string, string, string, string, string, string, string> GcmVectors => new()
    {
        // McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 1-4 (AES-128) and 13-16 (AES-256).
        { "GCM TC1", "00000000000000000000000000000000", "000000000000000000000000", "", "", "", "58e2fccefa7e3061367f1d57a4e7455a" },
        { "GCM TC2", "00000000000000000000000000000000", "000000000000000000000000", "", "00000000000000000000000000000000",
          "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf" },
        { "GCM TC3", K1, Iv, "", P64,
          "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
          "4d5c2af327cd64a62cf35abd2ba6fab4" },
        { "GCM TC4", K1, Iv, A20, P64[..120],
          "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
          "5bc94fbc3221a5db94fae95ae7121a47" },
        { "GCM TC13", "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "", "", "",
          "530f8afbc74536b9a963b4f1c4cb738b" },
        { "GCM TC14", "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "",
          "00000000000000000000000000000000", "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919" },
        { "GCM TC15", K1 + K1, Iv, "", P64,
          "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
          "b094dac5d93471bdec1a502270e3cc6c" },
        { "GCM TC16", K1 + K1, Iv, A20, P64[..120],
          "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
          "76fc6ece0f4e1768cddf8853bb2d551b" },
    };

    [Theory]
    [MemberData(nameof(GcmVectors))]
    public void GcmVectorsThroughTheBcl(string name, string key, string nonce, string aad, string plaintext, string ciphertext, string tag)
    {
        var k = Hex.Bytes(key);
        using var cipher = new Smb2AesGcmCipher(k.Length == 16 ? Smb2CipherId.Aes128Gcm : Smb2CipherId.Aes256Gcm, k);
        Check(name, cipher, Hex.Bytes(nonce), Hex.Bytes(aad), Hex.Bytes(plaintext), Hex.Bytes(ciphertext), Hex.Bytes(tag));
    }

    /// <summary>The AES-256 rows only: NSec offers AES-256-GCM alone.</summary>
    public static TheoryData<string, string, string, string, string, string, string> Aes256GcmVectors
    {
        get
        {
            var rows = new TheoryData<string, string, string, string, string, string, string>();
            foreach (object[] row in GcmVectors)
            {
                var r = Array.ConvertAll(row, o => (string)o);
                if (r[1].Length == 64) rows.Add(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
            }
            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(Aes256GcmVectors))]
    public void Aes256GcmVectorsThroughNSec(string name, string key, string nonce, string aad, string plaintext, string ciphertext, string tag)
    {
        var k = Hex.Bytes(key);
        Assert.True(Smb2NSecAes256GcmCipher.IsSupported, "libsodium's AES-256-GCM is expected on this machine (AES-NI)");
        using var cipher = new Smb2NSecAes256GcmCipher(k);
        Check(name, cipher, Hex.Bytes(nonce), Hex.Bytes(aad), Hex.Bytes(plaintext), Hex.Bytes(ciphertext), Hex.Bytes(tag));
    }

    private static void Check(string name, Smb2Cipher cipher, byte[] nonce, byte[] aad, byte[] plaintext, byte[] ciphertext, byte[] tag)
    {
        var c = new byte[plaintext.Length];
        var t = new byte[tag.Length];
        cipher.Encrypt(nonce, plaintext, c, t, aad);
        Assert.True(ciphertext.AsSpan().SequenceEqual(c), $"{name}: ciphertext {Hex.Of(c)}");
        Assert.True(tag.AsSpan().SequenceEqual(t), $"{name}: tag {Hex.Of(t)}");

        var p = new byte[ciphertext.Length];
        Assert.True(cipher.TryDecrypt(nonce, ciphertext, tag, p, aad), name);
        Assert.Equal(plaintext, p);

        // In place, both ways.
        var buffer = (byte[])plaintext.Clone();
        cipher.Encrypt(nonce, buffer, buffer, t, aad);
        Assert.Equal(ciphertext, buffer);
        Assert.True(cipher.TryDecrypt(nonce, buffer, tag, buffer, aad), name);
        Assert.Equal(plaintext, buffer);

        // A flipped tag bit fails, and leaves no plaintext behind.
        var badTag = (byte[])tag.Clone();
        badTag[^1] ^= 0x80;
        var q = new byte[ciphertext.Length];
        Array.Fill(q, (byte)0x55);
        Assert.False(cipher.TryDecrypt(nonce, ciphertext, badTag, q, aad), name);
        Assert.All(q, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(Smb2CipherId.Aes128Ccm, 0)]
    [InlineData(Smb2CipherId.Aes128Ccm, 1)]
    [InlineData(Smb2CipherId.Aes128Ccm, 4095)]
    [InlineData(Smb2CipherId.Aes128Ccm, 4097)]
    [InlineData(Smb2CipherId.Aes256Ccm, 100)]
    [InlineData(Smb2CipherId.Aes256Ccm, 20000)]
    [InlineData(Smb2CipherId.Aes256Ccm, 65536)]
    public void CcmMatchesTheBclOnRandomInputs(Smb2CipherId id, int length)
    {
        var random = new Random(length + (int)id);
        var key = new byte[Smb2Cipher.KeySizeOf(id)];
        var nonce = new byte[11];
        var aad = new byte[32];
        var plaintext = new byte[length];
        random.NextBytes(key);
        random.NextBytes(nonce);
        random.NextBytes(aad);
        random.NextBytes(plaintext);

        using var bcl = new AesCcm(key);
        var expectedCiphertext = new byte[length];
        var expectedTag = new byte[16];
        bcl.Encrypt(nonce, plaintext, expectedCiphertext, expectedTag, aad);

        using var cipher = Smb2Cipher.Create(id, key);
        var ciphertext = new byte[length];
        var tag = new byte[16];
        cipher.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        Assert.Equal(expectedCiphertext, ciphertext);
        Assert.Equal(expectedTag, tag);
    }

    /// <summary>
    /// Both paths of the NSec cipher (NSec below <see cref="Smb2NSecAes256GcmCipher.LargeMessage"/>, the BCL in place
    /// from it on) agree with the BCL cipher, decrypt each other's output in place, and reject a changed tag.
    /// </summary>
    [Theory]
    [InlineData(1000)]
    [InlineData(Smb2NSecAes256GcmCipher.LargeMessage - 1)]
    [InlineData(Smb2NSecAes256GcmCipher.LargeMessage)]
    [InlineData(70001)]
    public void NSecAndTheBclAgreeOnAes256Gcm(int length)
    {
        var random = new Random(256 + length);
        var key = new byte[32];
        var nonce = new byte[12];
        var aad = new byte[32];
        var plaintext = new byte[length];
        random.NextBytes(key);
        random.NextBytes(nonce);
        random.NextBytes(aad);
        random.NextBytes(plaintext);
        using var nsec = new Smb2NSecAes256GcmCipher(key);
        using var bcl = new Smb2AesGcmCipher(Smb2CipherId.Aes256Gcm, key);
        var c1 = new byte[plaintext.Length];
        var c2 = new byte[plaintext.Length];
        var t1 = new byte[16];
        var t2 = new byte[16];
        nsec.Encrypt(nonce, plaintext, c1, t1, aad);
        bcl.Encrypt(nonce, plaintext, c2, t2, aad);
        Assert.Equal(c2, c1);
        Assert.Equal(t2, t1);
        Assert.True(nsec.TryDecrypt(nonce, c2, t2, c2, aad));
        Assert.Equal(plaintext, c2);
        t1[0] ^= 1;
        Assert.False(nsec.TryDecrypt(nonce, c1, t1, c1, aad));
        Assert.All(c1, b => Assert.Equal(0, b));
        Assert.IsType<Smb2NSecAes256GcmCipher>(Smb2Cipher.Create(Smb2CipherId.Aes256Gcm, key));
    }

    [Fact]
    public void MisuseIsAnArgumentError()
    {
        using var ccm = Smb2Cipher.Create(Smb2CipherId.Aes128Ccm, new byte[16]);
        using var gcm = Smb2Cipher.Create(Smb2CipherId.Aes128Gcm, new byte[16]);
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => ccm.Encrypt(new byte[6], buffer, new byte[64], new byte[16], default));
        Assert.Throws<ArgumentException>(() => ccm.Encrypt(new byte[11], buffer, new byte[64], new byte[5], default));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[11], buffer, new byte[64], new byte[16], default));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[12], buffer, new byte[63], new byte[16], default));
        // Partly overlapping input and output.
        Assert.Throws<ArgumentException>(() => ccm.Encrypt(new byte[11], buffer.AsSpan(0, 32), buffer.AsSpan(8, 32), new byte[16], default));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[12], buffer.AsSpan(0, 32), buffer.AsSpan(8, 32), new byte[16], default));
        Assert.Throws<ArgumentException>(() => Smb2Cipher.Create(Smb2CipherId.Aes256Ccm, new byte[16]));
        Assert.Throws<ArgumentException>(() => Smb2Cipher.Create(Smb2CipherId.Aes128Gcm, new byte[32]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Smb2Cipher.Create((Smb2CipherId)9, new byte[16]));
    }
}
