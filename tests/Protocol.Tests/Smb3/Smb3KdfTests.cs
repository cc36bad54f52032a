using System.Security.Cryptography;
using System.Text;
using Protocol.Smb3;

namespace Protocol.Tests.Smb3;

public class Smb3KdfTests
{
    // Microsoft Open Specifications blog, "SMB 2 and SMB 3 security in Windows 10: the anatomy of
    // signing and cryptographic keys", Appendix, SMB 3.0 first channel: SessionKey 0x7CD451825D0450D235424E44BA6E78CC.
    private static readonly byte[] SessionKey = Hex.Bytes("7CD451825D0450D235424E44BA6E78CC");

    [Theory]
    [InlineData("SMB2AESCMAC\0", "SmbSign\0", "0B7E9C5CAC36C0F6EA9AB275298CEDCE")]   // SigningKey
    [InlineData("SMB2APP\0", "SmbRpc\0", "BB23A4575AA26C721AF525AF15A87B4F")]        // ApplicationKey
    [InlineData("SMB2AESCCM\0", "ServerIn \0", "FAD27796665B313EBB578F388632B4F7")]  // client's EncryptionKey
    [InlineData("SMB2AESCCM\0", "ServerOut\0", "B0F0427F7CEB416D1D9DCC0CD4F99447")]  // client's DecryptionKey
    public void Smb30KeysFromTheAnatomyOfKeysBlog(string label, string context, string expected)
    {
        var key = new byte[16];
        Smb3Kdf.Derive(SessionKey, Encoding.ASCII.GetBytes(label), Encoding.ASCII.GetBytes(context), key);
        Assert.Equal(expected, Convert.ToHexString(key));
    }

    /// <summary>SP 800-108 5.1 written out: HMAC-SHA256(KI, [i]_32 || Label || 0x00 || Context || [L]_32) for i = 1, 2, ...</summary>
    private static byte[] Reference(byte[] key, byte[] label, byte[] context, int bytes)
    {
        var output = new List<byte>();
        for (uint i = 1; output.Count < bytes; i++)
        {
            var input = new List<byte>();
            input.AddRange([(byte)(i >> 24), (byte)(i >> 16), (byte)(i >> 8), (byte)i]);
            input.AddRange(label);
            input.Add(0);
            input.AddRange(context);
            uint l = (uint)bytes * 8;
            input.AddRange([(byte)(l >> 24), (byte)(l >> 16), (byte)(l >> 8), (byte)l]);
            output.AddRange(HMACSHA256.HashData(key, input.ToArray()));
        }
        return output.Take(bytes).ToArray();
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(33)]   // two PRF blocks
    [InlineData(100)]
    public void OutputLengthIsLAndIsPartOfTheInput(int bytes)
    {
        var label = "SMBC2SCipherKey\0"u8.ToArray();
        var context = new byte[64];
        new Random(bytes).NextBytes(context);
        var output = new byte[bytes];
        Smb3Kdf.Derive(SessionKey, label, context, output);
        Assert.Equal(Reference(SessionKey, label, context, bytes), output);
    }

    [Fact]
    public void A256BitKeyIsNotA128BitKeyExtended()
    {
        // L is hashed in, so the first half of a 256-bit output differs from the 128-bit output.
        var k128 = new byte[16];
        var k256 = new byte[32];
        Smb3Kdf.Derive(SessionKey, "SMB2AESCCM\0"u8, "ServerIn \0"u8, k128);
        Smb3Kdf.Derive(SessionKey, "SMB2AESCCM\0"u8, "ServerIn \0"u8, k256);
        Assert.NotEqual(k128, k256[..16]);
    }

    [Fact]
    public void EmptyOutputIsAnError()
        => Assert.Throws<ArgumentException>(() => Smb3Kdf.Derive(SessionKey, "x"u8, "y"u8, Span<byte>.Empty));
}
