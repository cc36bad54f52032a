using System.Buffers.Binary;
using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

public class Smb2NegotiateTests
{
    // The NEGOTIATE request of the test vectors in Microsoft's Open Specifications blog post
    // "SMB 3.1.1 Pre-authentication integrity in Windows 10" (2015): five dialects and two negotiate
    // contexts (SHA-512 preauth with a 32-byte salt; AES-128-GCM and AES-128-CCM).
    private const string BlogNegotiateRequest =
        "FE534D4240000100000000000000800000000000000000000100000000000000" +
        "FFFE000000000000000000000000000000000000000000000000000000000000" +
        "24000500000000003F000000ECD86F326276024F9F7752B89BB33F3A70000000" +
        "020000000202100200030203110300000100260000000000010020000100FA49" +
        "E6578F1F3A9F4CD3E9CC14A67AA884B3D05844E0E5A118225C15887F32FF0000" +
        "0200060000000000020002000100";

    private static Smb2TestMessage BlogVector() => Smb2TestMessage.FromBody(Smb2Command.Negotiate, Hex.Bytes(BlogNegotiateRequest)[64..]);

    [Fact]
    public void ParsesThePublishedNegotiateRequest()
    {
        var bytes = Hex.Bytes(BlogNegotiateRequest);
        Assert.Equal(174, bytes.Length);
        var buffer = new byte[300];
        bytes.CopyTo(buffer, 21);
        var message = buffer.AsSpan(21, bytes.Length);

        Assert.True(Smb2Header.TryParse(message, out var header, out _));
        Assert.Equal(Smb2Command.Negotiate, header.Command);
        Assert.Equal(1ul, header.MessageId);
        Assert.Equal(0xFEFFu, header.ProcessId);

        Assert.True(Smb2NegotiateRequest.TryParse(message, Smb2Header.Size, out var request, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(5, request.DialectCount);
        Assert.Equal(Smb2SecurityMode.None, request.SecurityMode);
        Assert.Equal((Smb2Capabilities)0x3F, request.Capabilities);
        Assert.Equal(new Guid(Hex.Bytes("ECD86F326276024F9F7752B89BB33F3A")), request.ClientGuid);
        Assert.Equal(0x70u, request.NegotiateContextOffset);
        Assert.Equal(2, request.NegotiateContextCount);
        Smb2Dialect[] expected = [Smb2Dialect.Smb202, Smb2Dialect.Smb210, Smb2Dialect.Smb300, Smb2Dialect.Smb302, Smb2Dialect.Smb311];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], request.GetDialect(message, i));
        Assert.True(request.OffersDialect(message, Smb2Dialect.Smb311));
        Assert.False(request.OffersDialect(message, Smb2Dialect.Smb2Wildcard));

        var contexts = new List<(Smb2NegotiateContextType, string)>();
        foreach (var context in request.GetNegotiateContexts(message))
            contexts.Add((context.ContextType, Convert.ToHexString(context.GetData(message))));
        Assert.Equal(
        [
            (Smb2NegotiateContextType.PreauthIntegrityCapabilities,
             "010020000100FA49E6578F1F3A9F4CD3E9CC14A67AA884B3D05844E0E5A118225C15887F32FF"),
            (Smb2NegotiateContextType.EncryptionCapabilities, "020002000100"),
        ], contexts);
    }

    [Fact]
    public void WritingThePublishedRequestGivesTheSameBytes()
    {
        var bytes = Hex.Bytes(BlogNegotiateRequest);
        Assert.True(Smb2Header.TryParse(bytes, out var header, out _));
        Assert.True(Smb2NegotiateRequest.TryParse(bytes, 64, out var request, out _));
        var contexts = new List<Smb2NegotiateContextData>();
        foreach (var c in request.GetNegotiateContexts(bytes))
            contexts.Add(new(c.ContextType, c.GetData(bytes).ToArray()));
        var dialects = Enumerable.Range(0, request.DialectCount).Select(i => request.GetDialect(bytes, i)).ToArray();

        var output = new byte[400];
        output.AsSpan().Fill(0xCC);
        header.Write(output);
        int bodyLength = request.Write(output, 64, dialects, contexts.ToArray());
        Assert.Equal(BlogNegotiateRequest, Convert.ToHexString(output, 0, 64 + bodyLength));
    }

    [Fact]
    public void RequestWithoutSmb311IgnoresTheContextFields()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Negotiate, (msg, o) =>
            new Smb2NegotiateRequest { SecurityMode = Smb2SecurityMode.SigningEnabled, ClientGuid = Guid.NewGuid() }
                .Write(msg, o, [Smb2Dialect.Smb202, Smb2Dialect.Smb210]));
        Assert.Equal(36 + 4, m.Length - 64);
        // ClientStartTime, reserved: whatever a client puts there is not a context list.
        BinaryPrimitives.WriteUInt64LittleEndian(m.Body[28..], 0xFFFFFFFF_FFFFFFFF);
        Assert.True(Smb2NegotiateRequest.TryParse(m.Message, 64, out var request, out _));
        Assert.Equal(0, request.NegotiateContextCount);
        Assert.Equal(0u, request.NegotiateContextOffset);
        Assert.Equal(Smb2Dialect.Smb210, request.GetDialect(m.Message, 1));
        Assert.Equal(Smb2SecurityMode.SigningEnabled, request.SecurityMode);
        int seen = 0;
        foreach (var _ in request.GetNegotiateContexts(m.Message)) seen++;
        Assert.Equal(0, seen);
    }

    private static Smb2TestMessage Request311(params Smb2NegotiateContextData[] contexts)
        => Smb2TestMessage.Build(Smb2Command.Negotiate, (msg, o) =>
            new Smb2NegotiateRequest { Capabilities = Smb2Capabilities.Encryption }
                .Write(msg, o, [Smb2Dialect.Smb202, Smb2Dialect.Smb210, Smb2Dialect.Smb300, Smb2Dialect.Smb311], contexts));

    private static readonly Smb2NegotiateContextData Preauth =
        new(Smb2NegotiateContextType.PreauthIntegrityCapabilities, Hex.Bytes("0100 2000 0100" + new string('A', 64)));
    private static readonly Smb2NegotiateContextData Signing =
        new(Smb2NegotiateContextType.SigningCapabilities, Hex.Bytes("0100 0200"));
    private static readonly Smb2NegotiateContextData Netname =
        new(Smb2NegotiateContextType.NetnameNegotiateContextId, Hex.Bytes("7300 7200 7600"));

    [Fact]
    public void RequestRoundTripsWithContextsAtAnOffset()
    {
        var m = Request311(Preauth, Netname, Signing);
        Assert.True(Smb2NegotiateRequest.TryParse(m.Message, 64, out var request, out var error), error.ToString());
        Assert.Equal(Smb2Capabilities.Encryption, request.Capabilities);
        Assert.Equal(3, request.NegotiateContextCount);
        Assert.Equal(0u, request.NegotiateContextOffset % 8);
        var found = new List<(Smb2NegotiateContextType, string, int)>();
        foreach (var c in request.GetNegotiateContexts(m.Message))
            found.Add((c.ContextType, Convert.ToHexString(c.GetData(m.Message)), (c.DataOffset - 8) % 8));
        Assert.Equal(
        [
            (Preauth.ContextType, Convert.ToHexString(Preauth.Data.Span), 0),
            (Netname.ContextType, "730072007600", 0),
            (Signing.ContextType, "01000200", 0),
        ], found);
        // No padding after the last context.
        Assert.Equal(request.NegotiateContextOffset + 8 + 38 + 2 + 8 + 6 + 2 + 8 + 4, (uint)m.Length);
    }

    [Theory]
    [InlineData(0)]            // MS-SMB2 3.3.5.4: DialectCount 0
    [InlineData(3)]            // dialects run past the end
    [InlineData(0xFFFF)]       // huge
    public void BadDialectCountIsInvalid(ushort count)
    {
        var m = Smb2TestMessage.Build(Smb2Command.Negotiate, (msg, o) => new Smb2NegotiateRequest().Write(msg, o, [Smb2Dialect.Smb202, Smb2Dialect.Smb210]));
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[2..], count);
        AssertInvalid(m);
    }

    [Fact]
    public void MisalignedContextOffsetIsInvalid()
    {
        var m = Request311(Preauth);
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(m.Body[28..]);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[28..], offset + 2);
        AssertInvalid(m);
    }

    [Theory]
    [InlineData(0x60u)]        // inside the fixed part
    [InlineData(0x68u)]        // on top of the dialects
    [InlineData(0x1000u)]      // past the end
    [InlineData(0xFFFFFFF8u)]  // huge, aligned
    public void ContextOffsetOutsideTheListAreaIsInvalid(uint offset)
    {
        var m = Request311(Preauth);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[28..], offset);
        AssertInvalid(m);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0xFFFF)]
    public void MoreContextsThanTheMessageHoldsIsInvalid(ushort count)
    {
        var m = Request311(Preauth, Signing);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[32..], count == 2 ? (ushort)3 : count);
        AssertInvalid(m);
    }

    [Fact]
    public void ContextDataLengthPastTheEndIsInvalid()
    {
        var m = Request311(Preauth, Signing);
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(m.Body[28..]);
        int last = m.Length - 4 - 8;   // the signing context's header
        BinaryPrimitives.WriteUInt16LittleEndian(m.Bytes[(last + 2)..], 5);
        AssertInvalid(m);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Bytes[((int)offset + 2)..], 0xFFFF);
        AssertInvalid(m);
    }

    [Fact]
    public void TruncatedRequestIsInvalid()
    {
        var m = Request311(Preauth, Signing);
        for (int cut = 1; cut <= m.Length - 64; cut++)
            AssertInvalid(m.Truncated(cut));
    }

    [Fact]
    public void ResponseRoundTripsWithSecurityBufferAndContexts()
    {
        var spnego = Hex.Bytes("602806062B0601050502A01E301CA01A3018060A2B06010401823702021E060A2B06010401823702020A");
        var template = new Smb2NegotiateResponse(
            SecurityMode: Smb2SecurityMode.SigningEnabled | Smb2SecurityMode.SigningRequired,
            DialectRevision: Smb2Dialect.Smb311, NegotiateContextCount: 0, ServerGuid: Guid.NewGuid(),
            Capabilities: Smb2Capabilities.LargeMtu | Smb2Capabilities.Leasing,
            MaxTransactSize: 8 << 20, MaxReadSize: 8 << 20, MaxWriteSize: 8 << 20,
            SystemTime: 0x01D0_0000_1234_5678, ServerStartTime: 0,
            SecurityBufferOffset: 0, SecurityBufferLength: 0, NegotiateContextOffset: 0);
        var m = Smb2TestMessage.Build(Smb2Command.Negotiate, (msg, o) => template.Write(msg, o, spnego, [Preauth, Signing]));

        Assert.True(Smb2NegotiateResponse.TryParse(m.Message, 64, out var response, out var error), error.ToString());
        Assert.Equal(template with
        {
            NegotiateContextCount = 2, SecurityBufferOffset = 128, SecurityBufferLength = (ushort)spnego.Length,
            NegotiateContextOffset = (uint)(128 + 48),
        }, response);
        Assert.Equal(spnego, response.GetSecurityBuffer(m.Message).ToArray());
        var types = new List<Smb2NegotiateContextType>();
        foreach (var c in response.GetNegotiateContexts(m.Message)) types.Add(c.ContextType);
        Assert.Equal([Smb2NegotiateContextType.PreauthIntegrityCapabilities, Smb2NegotiateContextType.SigningCapabilities], types);
        // The padding between the security buffer and the contexts is zeroed, not left as it was.
        Assert.All(m.Message[(128 + spnego.Length)..(128 + 48)].ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void ResponseBeforeSmb311HasNoContexts()
    {
        var template = new Smb2NegotiateResponse { DialectRevision = Smb2Dialect.Smb2Wildcard, MaxReadSize = 65536 };
        var m = Smb2TestMessage.Build(Smb2Command.Negotiate, (msg, o) => template.Write(msg, o, []));
        Assert.Equal(65, m.Length - 64);
        // Reserved fields with junk in them are not read as a context list.
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[6..], 0xFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[60..], 0xFFFFFFFF);
        Assert.True(Smb2NegotiateResponse.TryParse(m.Message, 64, out var response, out _));
        Assert.Equal(Smb2Dialect.Smb2Wildcard, response.DialectRevision);
        Assert.Equal(0, response.NegotiateContextCount);
        Assert.True(response.GetSecurityBuffer(m.Message).IsEmpty);
    }

    [Theory]
    [InlineData(0x80, 0x100)]   // length past the end
    [InlineData(0x40, 0x10)]    // offset inside the header
    [InlineData(0xFFFF, 0xFFFF)]
    public void ResponseSecurityBufferOutsideTheMessageIsInvalid(ushort offset, ushort length)
    {
        var m = Smb2TestMessage.Build(Smb2Command.Negotiate, (msg, o) =>
            new Smb2NegotiateResponse { DialectRevision = Smb2Dialect.Smb302 }.Write(msg, o, new byte[16]));
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[56..], offset);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[58..], length);
        Assert.False(Smb2NegotiateResponse.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void ResponseMisalignedContextsAreInvalid()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Negotiate, (msg, o) =>
            new Smb2NegotiateResponse { DialectRevision = Smb2Dialect.Smb311 }.Write(msg, o, new byte[3], [Signing]));
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(m.Body[60..]);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[60..], offset - 4);
        Assert.False(Smb2NegotiateResponse.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    private static void AssertInvalid(Smb2TestMessage m)
    {
        Assert.False(Smb2NegotiateRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }
}
