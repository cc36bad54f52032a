using System.Buffers.Binary;
using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

public class Smb2ErrorResponseTests
{
    [Fact]
    public void EmptyErrorDataStillTakesOneByte()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Read, (msg, o) => new Smb2ErrorResponse().Write(msg, o));
        Assert.Equal("090000000000000000", m.BodyHex);
        Assert.Equal(Smb2ErrorResponse.MinimumMessageLength, m.Length);
        Assert.True(Smb2ErrorResponse.TryParse(m.Message, 64, out var response, out _));
        Assert.Equal(0u, response.ByteCount);
        Assert.True(response.GetErrorData(m.Message).IsEmpty);
    }

    [Fact]
    public void BufferTooSmallCarriesTheRequiredSize()
    {
        var m = Smb2TestMessage.Build(Smb2Command.QueryInfo, (msg, o) => new Smb2ErrorResponse().Write(msg, o, Hex.Bytes("00010000")));
        Assert.Equal("0900 00 00 04000000 00010000".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2ErrorResponse.TryParse(m.Message, 64, out var response, out _));
        Assert.Equal(256u, BinaryPrimitives.ReadUInt32LittleEndian(response.GetErrorData(m.Message)));
    }

    [Fact]
    public void ErrorContextsAreValidatedAndEnumerated()
    {
        // Two contexts: 6 bytes of data (padded to 8), then 4 bytes.
        var data = Hex.Bytes("06000000 53526472 010203040506 0000 04000000 00000000 0A0B0C0D");
        var m = Smb2TestMessage.Build(Smb2Command.TreeConnect, (msg, o) => new Smb2ErrorResponse { ErrorContextCount = 2 }.Write(msg, o, data));
        Assert.True(Smb2ErrorResponse.TryParse(m.Message, 64, out var response, out var error), error.ToString());
        var found = new List<(uint, string)>();
        foreach (var c in response.GetErrorContexts(m.Message)) found.Add((c.ErrorId, Convert.ToHexString(c.GetData(m.Message))));
        Assert.Equal([(Smb2ErrorContext.ErrorIdShareRedirect, "010203040506"), (Smb2ErrorContext.ErrorIdDefault, "0A0B0C0D")], found);

        m.Body[2] = 3;   // one more context than ErrorData holds
        Assert.False(Smb2ErrorResponse.TryParse(m.Message, 64, out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        m.Body[2] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[(8 + 16)..], 5);   // second context's data too long
        Assert.False(Smb2ErrorResponse.TryParse(m.Message, 64, out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Theory]
    [InlineData(5u)]
    [InlineData(0xFFFFFFFFu)]
    public void ByteCountPastTheEndIsInvalid(uint byteCount)
    {
        var m = Smb2TestMessage.Build(Smb2Command.Read, (msg, o) => new Smb2ErrorResponse().Write(msg, o, new byte[4]));
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[4..], byteCount);
        Assert.False(Smb2ErrorResponse.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }
}
