using Protocol.Signing;

namespace Protocol.Tests.Signing;

public class AesCmacTests
{
    // RFC 4493 section 4, AES-128 key and the four examples.
    private static readonly byte[] Key = Hex.Bytes("2b7e151628aed2a6abf7158809cf4f3c");
    private static readonly byte[] Message64 = Hex.Bytes(
        "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51" +
        "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");

    [Theory]
    [InlineData(0, "bb1d6929e95937287fa37d129b756746")]   // Example 1: empty
    [InlineData(16, "070a16b46b4d4144f79bdd9dd04a287c")]  // Example 2: one block
    [InlineData(40, "dfa66747de9ae63030ca32611497c827")]  // Example 3: 2.5 blocks
    [InlineData(64, "51f0bebf7e3b9d92fc49741779363cfe")]  // Example 4: four blocks
    public void Rfc4493Examples(int length, string expected)
    {
        using var cmac = new AesCmac(Key);
        var mac = new byte[16];
        cmac.Compute(Message64.AsSpan(0, length), mac);
        Assert.Equal(expected, Hex.Of(mac));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(17)]
    public void PiecesOfAnySizeGiveTheSameMac(int piece)
    {
        using var cmac = new AesCmac(Key);
        for (int offset = 0; offset < Message64.Length; offset += piece)
            cmac.Append(Message64.AsSpan(offset, Math.Min(piece, Message64.Length - offset)));
        var mac = new byte[16];
        cmac.GetMacAndReset(mac);
        Assert.Equal("51f0bebf7e3b9d92fc49741779363cfe", Hex.Of(mac));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(4112)]
    [InlineData(12345)]
    [InlineData(65536)]
    public void LongMessagesMatchTheBlockAtATimeReference(int length)
    {
        var message = new byte[length];
        new Random(length).NextBytes(message);
        using var cmac = new AesCmac(Key);
        var mac = new byte[16];
        cmac.Compute(message, mac);
        Assert.Equal(AesReference.Cmac(Key, message), mac);
        // Again, in pieces that straddle the 4 KiB chunks, on the same instance.
        cmac.Append(message.AsSpan(0, length / 3));
        cmac.Append(message.AsSpan(length / 3));
        var again = new byte[16];
        cmac.GetMacAndReset(again);
        Assert.Equal(mac, again);
    }

    [Theory]
    [InlineData(0, "028962f61b7bf89efc6b551f4667d983")]
    [InlineData(64, "e1992190549f6ed5696a2c056c315410")]
    public void NistSp800_38bAes256Examples(int length, string expected)
    {
        // NIST SP 800-38B Appendix D.3 (CMAC-AES256), examples 1 and 4: the same messages as RFC 4493.
        var key = Hex.Bytes("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        using var cmac = new AesCmac(key);
        var mac = new byte[16];
        cmac.Compute(Message64.AsSpan(0, length), mac);
        Assert.Equal(expected, Hex.Of(mac));
    }

    [Fact]
    public void ResetDiscardsPendingInput()
    {
        using var cmac = new AesCmac(Key);
        cmac.Append(Hex.Bytes("00112233445566778899"));
        cmac.Reset();
        cmac.Append(Message64.AsSpan(0, 16));
        var mac = new byte[16];
        cmac.GetMacAndReset(mac);
        Assert.Equal("070a16b46b4d4144f79bdd9dd04a287c", Hex.Of(mac));
    }

    [Fact]
    public void BadKeysAndDisposedUseThrow()
    {
        Assert.Throws<ArgumentException>(() => new AesCmac(new byte[15]));
        var cmac = new AesCmac(Key);
        cmac.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cmac.Compute(Message64, new byte[16]));
    }
}
