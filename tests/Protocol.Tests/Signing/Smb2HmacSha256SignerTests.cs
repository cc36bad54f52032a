using System.Security.Cryptography;
using Protocol.Signing;

namespace Protocol.Tests.Signing;

public class Smb2HmacSha256SignerTests
{
    private static readonly byte[] SessionKey = Hex.Bytes("000102030405060708090a0b0c0d0e0f");

    private static byte[] Message(int length = 120)
    {
        var message = new byte[length];
        for (int i = 0; i < length; i++) message[i] = (byte)(i * 7 + 3);
        ReadOnlySpan<byte> protocolId = [0xFE, (byte)'S', (byte)'M', (byte)'B'];
        protocolId.CopyTo(message);
        return message;
    }

    /// <summary>MS-SMB2 3.1.4.1 written out longhand: HMAC-SHA256 over the message with a zeroed signature, first 16 bytes.</summary>
    private static byte[] Reference(byte[] key, byte[] message)
    {
        var copy = (byte[])message.Clone();
        copy.AsSpan(48, 16).Clear();
        return HMACSHA256.HashData(key, copy)[..16];
    }

    [Fact]
    public void SignStoresTheTruncatedHmacInTheSignatureField()
    {
        var message = Message();
        var expected = Reference(SessionKey, message);
        using var signer = new Smb2HmacSha256Signer(SessionKey);
        signer.Sign(message);
        Assert.Equal(expected, message[48..64]);
        Assert.Equal(Message()[..48], message[..48]);
        Assert.Equal(Message()[64..], message[64..]);
    }

    [Fact]
    public void SignedMessageVerifiesWithoutBeingModified()
    {
        var message = Message();
        using var signer = new Smb2HmacSha256Signer(SessionKey);
        signer.Sign(message);
        var before = (byte[])message.Clone();
        Assert.True(signer.Verify(message));
        Assert.Equal(before, message);
    }

    [Fact]
    public void SignerIsReusableAcrossMessages()
    {
        using var signer = new Smb2HmacSha256Signer(SessionKey);
        for (int length = 64; length < 200; length += 17)
        {
            var message = Message(length);
            signer.Sign(message);
            Assert.Equal(Reference(SessionKey, message), message[48..64]);
            Assert.True(signer.Verify(message));
        }
    }

    [Fact]
    public void VerifyWorksOnAMessageInsideALargerBuffer()
    {
        var message = Message();
        using var signer = new Smb2HmacSha256Signer(SessionKey);
        signer.Sign(message);
        var embedded = Hex.Embedded(message, before: 100, after: 50);
        Assert.True(signer.Verify(embedded.Span));
    }

    [Theory]
    [InlineData(0)]    // ProtocolId
    [InlineData(47)]   // last byte before the signature
    [InlineData(48)]   // the signature itself
    [InlineData(63)]
    [InlineData(64)]   // first byte of the body
    [InlineData(119)]  // last byte
    public void AnyChangedByteFailsVerification(int index)
    {
        var message = Message();
        using var signer = new Smb2HmacSha256Signer(SessionKey);
        signer.Sign(message);
        message[index] ^= 0x01;
        Assert.False(signer.Verify(message));
    }

    [Fact]
    public void AnotherKeyFailsVerification()
    {
        var message = Message();
        using (var signer = new Smb2HmacSha256Signer(SessionKey)) signer.Sign(message);
        using var other = new Smb2HmacSha256Signer(Hex.Bytes("ff0102030405060708090a0b0c0d0e0f"));
        Assert.False(other.Verify(message));
    }

    [Fact]
    public void TooShortMessagesDoNotVerify()
    {
        using var signer = new Smb2HmacSha256Signer(SessionKey);
        Assert.False(signer.Verify(new byte[63]));
        Assert.False(signer.Verify([]));
        Assert.Throws<ArgumentException>(() => signer.Sign(new byte[63]));
    }

    [Fact]
    public void SessionKeyIsCutOrPaddedTo16Bytes()
    {
        // MS-SMB2 3.3.5.5.3: the first 16 bytes of a longer key; a shorter one is right-padded with zeros.
        var message = Message();
        using (var signer = new Smb2HmacSha256Signer([.. SessionKey, 0xAA, 0xBB])) signer.Sign(message);
        Assert.Equal(Reference(SessionKey, message), message[48..64]);

        using (var signer = new Smb2HmacSha256Signer(SessionKey[..8])) signer.Sign(message);
        Assert.Equal(Reference([.. SessionKey[..8], .. new byte[8]], message), message[48..64]);
    }

    [Fact]
    public void SignAndVerifyDoNotAllocate()
    {
        var message = Message(1024);
        ISmb2Signer signer = new Smb2HmacSha256Signer(SessionKey);
        signer.Sign(message);
        signer.Verify(message); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            signer.Sign(message);
            Assert.True(signer.Verify(message));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        signer.Dispose();
    }

    [Fact]
    public void VerifyInPlaceIsVerify()
    {
        var message = SigningMessages.Make(500, messageId: 3);
        ISmb2Signer signer = new Smb2HmacSha256Signer(SessionKey);
        signer.Sign(message);
        var before = (byte[])message.Clone();
        Assert.True(signer.VerifyInPlace(message));
        Assert.Equal(before, message);
        message[100] ^= 1;
        Assert.False(signer.VerifyInPlace(message));
        signer.Dispose();
    }
}
