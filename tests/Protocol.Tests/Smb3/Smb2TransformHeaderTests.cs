using Protocol.Encryption;
using Protocol.Smb2;

namespace Protocol.Tests.Smb3;

public class Smb2TransformHeaderTests
{
    // The server's encrypted response of Microsoft's "SMB 3.1.1 Encryption in Windows 10" blog.
    private const string Published =
        "FD534D42ACBE1CB7ED343ADF1725EF144D90D4B0E06831DD2E8EB7B4000000000000000050000000" +
        "00000100250000000010000026BBBF949983A6C1C796559D0F2C510CB651D1F7B6AC8DED32A2A0B8" +
        "F2D793A815C6F6B848D69767A215841A42D400AE6DDB5F0B44173A014973321FDD7950DA6179159B" +
        "82E03C9E18A050FF0EA1C967";

    [Fact]
    public void ParsesThePublishedHeaderAtAnOffset()
    {
        var message = Hex.Bytes(Published);
        var embedded = Hex.Embedded(message, before: 33, after: 0);
        Assert.True(Smb2TransformHeader.IsTransformMessage(embedded.Span));
        Assert.True(Smb2TransformHeader.TryParse(embedded.Span, out var header, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal("acbe1cb7ed343adf1725ef144d90d4b0", header.Signature.ToString());
        Assert.Equal("e06831dd2e8eb7b40000000000000000", header.Nonce.ToString());
        Assert.Equal(80u, header.OriginalMessageSize);
        Assert.Equal(Smb2TransformHeader.FlagEncrypted, header.Flags);
        Assert.Equal(0x100000000025UL, header.SessionId);

        var written = new byte[60];
        written.AsSpan().Fill(0xEE);
        header.Write(written.AsSpan(3));
        Assert.Equal(message[..52], written[3..55]);
        Assert.Equal(0xEE, written[55]);
    }

    [Fact]
    public void RoundTrips()
    {
        var header = new Smb2TransformHeader(new Smb2Signature(1, 2), new Smb2TransformNonce(0x0807060504030201, 0x100F0E0D0C0B0A09), 5, 1, ulong.MaxValue);
        var bytes = new byte[57];
        header.Write(bytes);
        Assert.True(Smb2TransformHeader.TryParse(bytes, out var parsed, out _));
        Assert.Equal(header, parsed);
        Assert.Equal("0102030405060708090a0b0c0d0e0f10", Hex.Of(bytes.AsSpan(20, 16)));
        Assert.Equal(0, bytes[40] | bytes[41]); // Reserved
        Assert.Throws<ArgumentException>(() => header.Write(new byte[51]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(51)]
    [InlineData(52)]  // a header with nothing behind it (MS-SMB2 3.3.5.2.1: must be larger than the header)
    public void TruncatedMessagesAreInvalid(int length)
    {
        var message = Hex.Bytes(Published);
        Assert.False(Smb2TransformHeader.TryParse(message.AsSpan(0, length), out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(0x10000)]
    [InlineData(int.MaxValue)]
    public void OriginalMessageSizeMustMatchTheRest(int delta)
    {
        var message = Hex.Bytes(Published);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(36), (uint)(80 + delta));
        Assert.False(Smb2TransformHeader.TryParse(message, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        // Extra bytes after the message are not accepted either.
        Assert.False(Smb2TransformHeader.TryParse([.. Hex.Bytes(Published), 0], out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Theory]
    [InlineData(0, 0xFE)]   // an SMB2 header, not a transform header
    [InlineData(0, 0xFC)]   // a compression transform header
    [InlineData(3, 0x43)]
    [InlineData(42, 0x00)]  // Flags 0
    [InlineData(42, 0x02)]
    [InlineData(43, 0x01)]  // Flags 0x0101
    public void WrongProtocolIdOrFlagsAreInvalid(int index, byte value)
    {
        var message = Hex.Bytes(Published);
        message[index] = value;
        Assert.False(Smb2TransformHeader.TryParse(message, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void IsTransformMessageLooksOnlyAtTheProtocolId()
    {
        Assert.True(Smb2TransformHeader.IsTransformMessage([0xFD, (byte)'S', (byte)'M', (byte)'B']));
        Assert.False(Smb2TransformHeader.IsTransformMessage([0xFE, (byte)'S', (byte)'M', (byte)'B']));
        Assert.False(Smb2TransformHeader.IsTransformMessage([0xFD, (byte)'S', (byte)'M']));
    }
}
