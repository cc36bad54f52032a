using Protocol.Signing;

namespace Protocol.Tests.Signing;

public class Smb2AesCmacSignerTests
{
    private static readonly byte[] Key = Hex.Bytes("000102030405060708090a0b0c0d0e0f");

    [Fact]
    public void PublishedSessionSetupResponseSignatureVerifiesAndIsReproduced()
    {
        var message = Hex.Bytes(SigningMessages.Smb311SessionSetupResponse);
        using var signer = new Smb2AesCmacSigner(Hex.Bytes(SigningMessages.Smb311SigningKey));
        Assert.True(signer.Verify(message));
        Assert.True(signer.Verify(Hex.Embedded(message, before: 77, after: 9).Span));

        var resigned = (byte[])message.Clone();
        resigned.AsSpan(48, 16).Fill(0xAA);
        signer.Sign(resigned);
        Assert.Equal(SigningMessages.Smb311Signature, Convert.ToHexString(resigned.AsSpan(48, 16)));
        Assert.Equal(message, resigned);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(120)]
    [InlineData(4096 + 64)]
    [InlineData(70000)]
    public void SignatureIsTheCmacOfTheMessageWithAZeroedField(int length)
    {
        var message = SigningMessages.Make(length);
        using var signer = new Smb2AesCmacSigner(Key);
        signer.Sign(message);
        var zeroed = (byte[])message.Clone();
        zeroed.AsSpan(48, 16).Clear();
        Assert.Equal(AesReference.Cmac(Key, zeroed), message[48..64]);
        var before = (byte[])message.Clone();
        Assert.True(signer.Verify(message));
        Assert.Equal(before, message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(47)]
    [InlineData(48)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(119)]
    public void AnyChangedByteFailsVerification(int index)
    {
        var message = SigningMessages.Make();
        using var signer = new Smb2AesCmacSigner(Key);
        signer.Sign(message);
        message[index] ^= 0x01;
        Assert.False(signer.Verify(message));
    }

    [Fact]
    public void TruncatedOrExtendedMessagesFailVerification()
    {
        var message = SigningMessages.Make();
        using var signer = new Smb2AesCmacSigner(Key);
        signer.Sign(message);
        Assert.False(signer.Verify(message.AsSpan(0, message.Length - 1)));
        Assert.False(signer.Verify([.. message, 0]));
        Assert.False(signer.Verify(message.AsSpan(0, 63)));
        Assert.False(signer.Verify([]));
        Assert.Throws<ArgumentException>(() => signer.Sign(new byte[63]));
    }

    [Fact]
    public void AnotherKeyFailsVerification()
    {
        var message = SigningMessages.Make();
        using (var signer = new Smb2AesCmacSigner(Key)) signer.Sign(message);
        using var other = new Smb2AesCmacSigner(Hex.Bytes("ff0102030405060708090a0b0c0d0e0f"));
        Assert.False(other.Verify(message));
    }

    [Fact]
    public void KeysMustBe16Bytes()
    {
        Assert.Throws<ArgumentException>(() => new Smb2AesCmacSigner(new byte[15]));
        Assert.Throws<ArgumentException>(() => new Smb2AesCmacSigner(new byte[32]));
    }

    [Fact]
    public void SignAndVerifyDoNotAllocate()
    {
        var message = SigningMessages.Make(1024);
        ISmb2Signer signer = new Smb2AesCmacSigner(Key);
        signer.Sign(message);
        Assert.True(signer.Verify(message));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            signer.Sign(message);
            signer.Verify(message);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        signer.Dispose();
    }

    [Fact]
    public void VerifyInPlaceIsVerify()
    {
        var message = SigningMessages.Make(500, messageId: 3);
        ISmb2Signer signer = new Smb2AesCmacSigner(Key);
        signer.Sign(message);
        var before = (byte[])message.Clone();
        Assert.True(signer.VerifyInPlace(message));
        Assert.Equal(before, message);
        message[100] ^= 1;
        Assert.False(signer.VerifyInPlace(message));
        signer.Dispose();
    }
}
