using System.Buffers.Binary;
using System.Text;
using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

public class Smb2SessionAndTreeTests
{
    private static readonly byte[] Token = Hex.Bytes("4E544C4D5353500001000000978208E2");

    [Fact]
    public void SessionSetupRequestRoundTrips()
    {
        var template = new Smb2SessionSetupRequest(Smb2SessionSetupFlags.Binding, Smb2SecurityMode.SigningRequired,
            Smb2Capabilities.Dfs, Channel: 0, SecurityBufferOffset: 0, SecurityBufferLength: 0, PreviousSessionId: 0x1234);
        var m = Smb2TestMessage.Build(Smb2Command.SessionSetup, (msg, o) => template.Write(msg, o, Token));
        Assert.Equal("19000102010000000000000058001000" + "3412000000000000" + Convert.ToHexString(Token), m.BodyHex);
        Assert.True(Smb2SessionSetupRequest.TryParse(m.Message, 64, out var request, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(template with { SecurityBufferOffset = 0x58, SecurityBufferLength = 16 }, request);
        Assert.Equal(Token, request.GetSecurityBuffer(m.Message).ToArray());
    }

    [Fact]
    public void SessionSetupResponseRoundTripsAndPadsAnEmptyBuffer()
    {
        var m = Smb2TestMessage.Build(Smb2Command.SessionSetup, (msg, o) => new Smb2SessionSetupResponse(Smb2SessionFlags.IsGuest, 0, 0).Write(msg, o, []));
        Assert.Equal("090001004800000000", m.BodyHex);
        Assert.True(Smb2SessionSetupResponse.TryParse(m.Message, 64, out var response, out _));
        Assert.Equal(new Smb2SessionSetupResponse(Smb2SessionFlags.IsGuest, 0x48, 0), response);
        Assert.True(response.GetSecurityBuffer(m.Message).IsEmpty);

        m = Smb2TestMessage.Build(Smb2Command.SessionSetup, (msg, o) => new Smb2SessionSetupResponse().Write(msg, o, Token));
        Assert.True(Smb2SessionSetupResponse.TryParse(m.Message, 64, out response, out _));
        Assert.Equal(Token, response.GetSecurityBuffer(m.Message).ToArray());
    }

    [Fact]
    public void AnEightByteResponseBodyWithoutItsPadByteIsAccepted()
    {
        // Some peers leave out the Buffer byte an odd StructureSize counts when the buffer is empty.
        var m = Smb2TestMessage.FromBody(Smb2Command.SessionSetup, Hex.Bytes("0900000048000000"));
        Assert.True(Smb2SessionSetupResponse.TryParse(m.Message, 64, out var response, out _));
        Assert.Equal(0, response.SecurityBufferLength);
    }

    [Theory]
    [InlineData(0x58, 17)]      // one byte past the end
    [InlineData(0x40, 16)]      // inside the header
    [InlineData(0x50, 16)]      // inside the fixed part
    [InlineData(0xFFFF, 0xFFFF)]
    public void SessionSetupSecurityBufferOutsideItsPlaceIsInvalid(ushort offset, ushort length)
    {
        var m = Smb2TestMessage.Build(Smb2Command.SessionSetup, (msg, o) => new Smb2SessionSetupRequest().Write(msg, o, Token));
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[12..], offset);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[14..], length);
        Assert.False(Smb2SessionSetupRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void SessionSetupResponseBufferPastTheEndIsInvalid()
    {
        var m = Smb2TestMessage.Build(Smb2Command.SessionSetup, (msg, o) => new Smb2SessionSetupResponse().Write(msg, o, Token));
        Assert.False(Smb2SessionSetupResponse.TryParse(m.Truncated(1).Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void TreeConnectRequestHasTheSpecLayout()
    {
        var m = Smb2TestMessage.Build(Smb2Command.TreeConnect, (msg, o) => new Smb2TreeConnectRequest().Write(msg, o, @"\\a\b"));
        Assert.Equal("0900 0000 4800 0A00 5C005C0061005C006200".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2TreeConnectRequest.TryParse(m.Message, 64, out var request, out _));
        Assert.Equal(@"\\a\b", request.GetPathString(m.Message));
        Assert.Equal(Encoding.Unicode.GetBytes(@"\\a\b"), request.GetPath(m.Message).ToArray());
        Assert.Equal(Smb2TreeConnectFlags.None, request.Flags);
    }

    [Fact]
    public void TreeConnectRequestWithTheExtensionIsParsedSafely()
    {
        // MS-SMB2 2.2.9.1: with EXTENSION_PRESENT the Buffer starts with a 16-byte extension.
        var path = Encoding.Unicode.GetBytes(@"\\srv\share");
        var body = new byte[8 + 16 + path.Length];
        Hex.Bytes("0900 0400 5800").CopyTo(body, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(6), (ushort)path.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), 0x1234);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), 3);
        path.CopyTo(body, 24);
        var m = Smb2TestMessage.FromBody(Smb2Command.TreeConnect, body);
        Assert.True(Smb2TreeConnectRequest.TryParse(m.Message, 64, out var request, out _));
        Assert.Equal(Smb2TreeConnectFlags.ExtensionPresent, request.Flags);
        Assert.Equal(0x1234u, request.TreeConnectContextOffset);
        Assert.Equal(3, request.TreeConnectContextCount);
        Assert.Equal(@"\\srv\share", request.GetPathString(m.Message));

        // A path on top of the extension, or an extension cut short, is invalid.
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[4..], 0x48);
        Assert.False(Smb2TreeConnectRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        var shortExtension = Smb2TestMessage.FromBody(Smb2Command.TreeConnect, Hex.Bytes("0900 0400 4800 0000 00000000 0000"));
        Assert.False(Smb2TreeConnectRequest.TryParse(shortExtension.Message, 64, out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Theory]
    [InlineData(0x48, 9)]       // odd: not UTF-16
    [InlineData(0x48, 12)]      // past the end
    [InlineData(0x44, 2)]       // inside the fixed part
    [InlineData(0xFFFF, 0xFFFE)]
    public void TreeConnectPathOutsideItsPlaceIsInvalid(ushort offset, ushort length)
    {
        var m = Smb2TestMessage.Build(Smb2Command.TreeConnect, (msg, o) => new Smb2TreeConnectRequest().Write(msg, o, @"\\a\b"));
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[4..], offset);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[6..], length);
        Assert.False(Smb2TreeConnectRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void TreeConnectResponseRoundTrips()
    {
        var response = new Smb2TreeConnectResponse(Smb2ShareType.Pipe, Smb2ShareFlags.NoCaching | Smb2ShareFlags.EncryptData,
            Smb2ShareCapabilities.Dfs, 0x001F01FF);
        var m = Smb2TestMessage.Build(Smb2Command.TreeConnect, response.Write);
        Assert.Equal("1000 02 00 30800000 08000000 FF011F00".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2TreeConnectResponse.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(response, parsed);
        Assert.Equal(Smb2ShareFlags.NoCaching, parsed.ShareFlags & Smb2ShareFlags.CachingMask);
    }
}
