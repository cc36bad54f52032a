using Protocol.Dcerpc;
using static Protocol.Tests.Dcerpc.DcerpcTestClient;

namespace Protocol.Tests.Dcerpc;

/// <summary>The PDU parsers and builders on their own, at a non-zero offset inside larger buffers.</summary>
public class DcerpcPduTests
{
    [Fact]
    public void HeaderParsesAtAnOffsetAndRoundTrips()
    {
        byte[] pdu = Request(0x11223344, 1, 15, new byte[40]);
        byte[] buffer = [0xEE, 0xEE, 0xEE, .. pdu, 0xEE];
        Assert.True(DcerpcHeader.TryParse(buffer.AsSpan(3), out var header, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(new DcerpcHeader(5, 0, DcerpcPacketType.Request, DcerpcPfcFlags.FirstFrag | DcerpcPfcFlags.LastFrag,
            0x10, (ushort)pdu.Length, 0, 0x11223344), header);
        Assert.True(header.HasSupportedDataRepresentation);
        Assert.Equal(pdu.Length - 16, header.BodyLength);

        var written = new byte[20];
        DcerpcHeader.Write(written.AsSpan(2), header.PacketType, header.Flags, header.FragLength, 0, header.CallId);
        Assert.Equal(pdu[..16], written[2..18]);
    }

    [Fact]
    public void TruncatedHeaderIsAProtocolError()
    {
        Assert.False(DcerpcHeader.TryParse(new byte[15], out _, out var error));
        Assert.Equal(NtStatus.RpcProtocolError, error);
    }

    [Fact]
    public void BodyLengthAccountsForTheAuthVerifier()
    {
        var header = new DcerpcHeader(5, 0, DcerpcPacketType.Request, 0, 0x10, 100, 16, 1);
        Assert.Equal(100 - 16 - 8 - 16, header.BodyLength);
        Assert.Equal(-1, (header with { AuthLength = 77 }).BodyLength);
    }

    [Fact]
    public void BindParsesAtAnOffset()
    {
        byte[] pdu = WindowsStyleBind();
        byte[] buffer = [1, 2, .. pdu];
        Assert.True(DcerpcBind.TryParse(buffer.AsSpan(2 + 16), out var bind, out _));
        Assert.Equal((ushort)4280, bind.MaxXmitFrag);
        Assert.Equal(3, bind.Contexts.Count);
        Assert.Equal(DcerpcSyntaxId.Ndr20, bind.Contexts[0].TransferSyntaxes[0]);
        Assert.Equal(DcerpcSyntaxId.Ndr64, bind.Contexts[1].TransferSyntaxes[0]);
        Assert.Equal(new DcerpcSyntaxId(Srvsvc, 3, 0), bind.Contexts[2].AbstractSyntax);
        Assert.True(bind.Contexts[2].TransferSyntaxes[0].TryGetFeatureNegotiationBitmask(out byte bitmask));
        Assert.Equal(0x03, bitmask);
        Assert.False(DcerpcSyntaxId.Ndr20.TryGetFeatureNegotiationBitmask(out _));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12 + 4 + 20 - 1)]
    [InlineData(12 + 4 + 20 + 20 - 1)]
    public void TruncatedBindIsAProtocolError(int length)
    {
        byte[] body = Bind(1, 4280, 4280, 0, new Context(0, SrvsvcSyntax, Ndr20Syntax))[16..];
        Assert.False(DcerpcBind.TryParse(body.AsSpan(0, length), out _, out var error));
        Assert.Equal(NtStatus.RpcProtocolError, error);
    }

    [Fact]
    public void SyntaxIdVersionIsMajorLowMinorHigh()
    {
        var syntax = new DcerpcSyntaxId(Srvsvc, 3, 1);
        var bytes = new byte[22];
        syntax.Write(bytes.AsSpan(2));
        Assert.Equal("C84F324B7016D30112785A47BF6EE188" + "03000100", Convert.ToHexString(bytes, 2, 20));
        Assert.True(DcerpcSyntaxId.TryParse(bytes.AsSpan(2), out var read));
        Assert.Equal(syntax, read);
        Assert.False(DcerpcSyntaxId.TryParse(bytes.AsSpan(3), out _));
    }

    [Fact]
    public void RequestParsesWithAndWithoutObjectUuid()
    {
        byte[] pdu = Request(1, 7, 21, [9, 9, 9]);
        Assert.True(DcerpcRequest.TryParse(pdu.AsSpan(16), DcerpcPfcFlags.FirstFrag, out var request, out _));
        Assert.Equal((ushort)7, request.ContextId);
        Assert.Equal((ushort)21, request.Opnum);
        Assert.Equal(3u, request.AllocHint);
        Assert.Null(request.ObjectUuid);
        Assert.Equal(new byte[] { 9, 9, 9 }, request.StubData.ToArray());

        Assert.False(DcerpcRequest.TryParse(pdu.AsSpan(16), DcerpcPfcFlags.ObjectUuid, out _, out var error));
        Assert.Equal(NtStatus.RpcProtocolError, error);
        Assert.False(DcerpcRequest.TryParse(pdu.AsSpan(16, 7), DcerpcPfcFlags.None, out _, out _));
    }

    [Fact]
    public void FaultAndBindNakLayouts()
    {
        Assert.Equal("05000323100000002000000009000000" + "00000000" + "0300" + "0000" + "0200011C" + "00000000",
            Convert.ToHexString(DcerpcFault.Build(9, 3, DcerpcFaultStatus.OpRangeError, didNotExecute: true)));
        Assert.Equal("05000D03100000001800000004000000" + "0400" + "01" + "0500" + "000000",
            Convert.ToHexString(DcerpcBindNak.Build(4, DcerpcBindNakReason.ProtocolVersionNotSupported)));
    }

    [Fact]
    public void ResponseFragmentLayout()
    {
        byte[] pdu = DcerpcResponse.BuildFragment(6, 2, DcerpcPfcFlags.FirstFrag, 100, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal("05000201100000002000000006000000" + "64000000" + "0200" + "0000" + "0102030405060708",
            Convert.ToHexString(pdu));
    }
}
