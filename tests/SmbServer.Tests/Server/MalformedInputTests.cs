using System.Buffers.Binary;
using Protocol;
using Protocol.Smb2;

namespace SmbServer.Tests.Server;

/// <summary>
/// Broken requests against the real server: each gets its NTSTATUS or a clean disconnect, and the
/// server keeps serving other connections throughout.
/// </summary>
public class MalformedInputTests : IDisposable
{
    private readonly TestServer _server = new();

    public void Dispose() => _server.Dispose();

    private void AssertStillServing()
    {
        using var other = _server.Connect();
        var response = other.Negotiate();
        Assert.NotNull(response);
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(response));
    }

    [Fact]
    public void NegotiateSelectsTheBestCommonDialect()
    {
        using var c = _server.Connect();
        var response = c.Negotiate(Smb2Dialect.Smb202, Smb2Dialect.Smb210);
        Assert.NotNull(response);
        Assert.True(Smb2NegotiateResponse.TryParse(response, Smb2Header.Size, out var negotiate, out _));
        Assert.Equal(Smb2Dialect.Smb210, negotiate.DialectRevision);
        Assert.True(negotiate.SecurityBufferLength > 0); // SPNEGO hint token
    }

    [Fact]
    public void Smb1NegotiateUpgradesWithTheWildcardDialect()
    {
        using var c = _server.Connect();
        c.SendFrame(RawSmbClient.Smb1NegotiateMessage("NT LM 0.12", "SMB 2.002", "SMB 2.???"));
        var response = c.Receive();
        Assert.NotNull(response);
        Assert.True(Smb2NegotiateResponse.TryParse(response, Smb2Header.Size, out var negotiate, out _));
        Assert.Equal(Smb2Dialect.Smb2Wildcard, negotiate.DialectRevision);
        // The client then negotiates over SMB2 with message id 1.
        c.SendFrame(c.Build(Smb2Command.Negotiate, m => new Smb2NegotiateRequest(1, Smb2SecurityMode.SigningEnabled, 0, Guid.NewGuid(), 0, 0, 0)
            .Write(m, Smb2Header.Size, [Smb2Dialect.Smb210]), messageId: 1));
        var second = c.Receive();
        Assert.NotNull(second);
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(second));
    }

    [Fact]
    public void Smb1WithoutSmb2DialectsIsDisconnected()
    {
        using var c = _server.Connect();
        c.SendFrame(RawSmbClient.Smb1NegotiateMessage("NT LM 0.12"));
        Assert.True(c.IsDisconnected());
        AssertStillServing();
    }

    [Fact]
    public void LostFramingDisconnects()
    {
        using var c = _server.Connect();
        c.SendRaw([0x85, 0, 0, 0]); // a NetBIOS keep-alive type, not a session message
        Assert.True(c.IsDisconnected());
        AssertStillServing();
    }

    [Fact]
    public void OversizedFrameDisconnects()
    {
        using var c = _server.Connect();
        c.SendRaw([0x00, 0xFF, 0xFF, 0xFF]);
        Assert.True(c.IsDisconnected());
        AssertStillServing();
    }

    [Fact]
    public void NotSmb2Disconnects()
    {
        using var c = _server.Connect();
        c.SendFrame(new byte[80]);
        Assert.True(c.IsDisconnected());
        AssertStillServing();
    }

    [Fact]
    public void TruncatedHeaderDisconnects()
    {
        using var c = _server.Connect();
        var message = c.NegotiateMessage(Smb2Dialect.Smb210);
        c.SendFrame(message.AsSpan(0, 40));
        Assert.True(c.IsDisconnected());
        AssertStillServing();
    }

    [Fact]
    public void CommandBeforeNegotiateDisconnects()
    {
        using var c = _server.Connect();
        c.SendFrame(c.EchoMessage());
        Assert.True(c.IsDisconnected());
    }

    [Fact]
    public void NegotiateWithTruncatedBodyGetsInvalidParameter()
    {
        using var c = _server.Connect();
        var message = c.NegotiateMessage(Smb2Dialect.Smb210);
        c.SendFrame(message.AsSpan(0, Smb2Header.Size + 20));
        var response = c.Receive();
        Assert.NotNull(response);
        Assert.Equal(NtStatus.InvalidParameter, RawSmbClient.StatusOf(response));
    }

    [Fact]
    public void NegotiateWithHugeDialectCountGetsInvalidParameter()
    {
        using var c = _server.Connect();
        var message = c.NegotiateMessage(Smb2Dialect.Smb210);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(Smb2Header.Size + 2), 60000);
        c.SendFrame(message);
        var response = c.Receive();
        Assert.NotNull(response);
        Assert.Equal(NtStatus.InvalidParameter, RawSmbClient.StatusOf(response));
    }

    [Fact]
    public void NoCommonDialectDisconnectsAfterNotSupported()
    {
        using var c = _server.Connect();
        var response = c.Negotiate((Smb2Dialect)0x0201);
        // MS-SMB2 3.3.5.4: STATUS_NOT_SUPPORTED; we also drop the connection.
        Assert.True(response == null || RawSmbClient.StatusOf(response) == NtStatus.NotSupported);
        AssertStillServing();
    }

    [Fact]
    public void SecondNegotiateDisconnects()
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        c.SendFrame(c.NegotiateMessage(Smb2Dialect.Smb210));
        Assert.True(c.IsDisconnected());
        AssertStillServing();
    }

    [Fact]
    public void MessageIdOutsideTheCreditWindowDisconnects()
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        c.SendFrame(c.Build(Smb2Command.Echo, m => new Smb2EchoRequest().Write(m, Smb2Header.Size), messageId: 100_000));
        Assert.True(c.IsDisconnected());
        AssertStillServing();
    }

    [Fact]
    public void ReusedMessageIdDisconnects()
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        c.SendFrame(c.Build(Smb2Command.Echo, m => new Smb2EchoRequest().Write(m, Smb2Header.Size), messageId: 1));
        Assert.NotNull(c.Receive());
        c.SendFrame(c.Build(Smb2Command.Echo, m => new Smb2EchoRequest().Write(m, Smb2Header.Size), messageId: 1));
        Assert.True(c.IsDisconnected());
    }

    [Fact]
    public void EchoIsAnsweredAndCreditsAreGranted()
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        c.SendFrame(c.EchoMessage());
        var response = c.Receive();
        Assert.NotNull(response);
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(response));
        Assert.True(BinaryPrimitives.ReadUInt16LittleEndian(response.AsSpan(Smb2Header.CreditRequestResponseOffset)) >= 1);
    }

    [Fact]
    public void MisalignedCompoundDisconnects()
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        var first = c.EchoMessage();
        var second = c.EchoMessage();
        var message = first.Concat(second).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(Smb2Header.NextCommandOffset), (uint)first.Length + 1 | 1);
        c.SendFrame(message);
        Assert.True(c.IsDisconnected());
        AssertStillServing();
    }

    [Fact]
    public void CompoundOfEchoesIsAnsweredAsACompound()
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        var first = c.EchoMessage();
        var padded = new byte[(first.Length + 7) & ~7];
        first.CopyTo(padded, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(padded.AsSpan(Smb2Header.NextCommandOffset), (uint)padded.Length);
        var message = padded.Concat(c.EchoMessage()).ToArray();
        c.SendFrame(message);
        var response = c.Receive();
        Assert.NotNull(response);
        uint next = BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(Smb2Header.NextCommandOffset));
        Assert.True(next > 0 && next % 8 == 0);
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(response.AsSpan((int)next).ToArray()));
    }

    [Fact]
    public void RelatedFirstElementGetsInvalidParameter()
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        var echo = c.EchoMessage();
        Smb2Header.AddFlags(echo, Smb2HeaderFlags.RelatedOperations);
        c.SendFrame(echo);
        var response = c.Receive();
        Assert.NotNull(response);
        Assert.Equal(NtStatus.InvalidParameter, RawSmbClient.StatusOf(response));
    }

    [Fact]
    public void UnknownCommandGetsInvalidParameter()
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        var message = c.EchoMessage();
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(Smb2Header.CommandOffset), 0x0040);
        c.SendFrame(message);
        var response = c.Receive();
        Assert.NotNull(response);
        Assert.Equal(NtStatus.InvalidParameter, RawSmbClient.StatusOf(response));
    }

    [Fact]
    public void TreeConnectWithoutSessionGetsUserSessionDeleted()
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        c.SendFrame(c.Build(Smb2Command.TreeConnect, m => new Smb2TreeConnectRequest(0, 0, 0, 0, 0).Write(m, Smb2Header.Size, @"\\127.0.0.1\share"), sessionId: 12345));
        var response = c.Receive();
        Assert.NotNull(response);
        Assert.Equal(NtStatus.UserSessionDeleted, RawSmbClient.StatusOf(response));
    }

    [Theory]
    [InlineData(new byte[] { 0x60, 0x03, 0x06, 0x01 })]          // truncated GSS-API wrapper
    [InlineData(new byte[] { 0x4E, 0x54, 0x4C, 0x4D, 0x53, 0x53 })] // truncated raw NTLMSSP
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void GarbageSecurityBlobGetsAnErrorNotACrash(byte[] token)
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        c.SendFrame(c.Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, 0).Write(m, Smb2Header.Size, token)));
        var response = c.Receive();
        Assert.NotNull(response);
        Assert.True(RawSmbClient.StatusOf(response).IsError);
        AssertStillServing();
    }

    [Fact]
    public void SessionSetupWithSecurityBufferPastTheEndGetsInvalidParameter()
    {
        using var c = _server.Connect();
        Assert.NotNull(c.Negotiate());
        var message = c.Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, 0).Write(m, Smb2Header.Size, new byte[8]));
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(Smb2Header.Size + 14), 4000); // SecurityBufferLength
        c.SendFrame(message);
        var response = c.Receive();
        Assert.NotNull(response);
        Assert.Equal(NtStatus.InvalidParameter, RawSmbClient.StatusOf(response));
    }
}
