using Protocol.Dcerpc;
using Protocol.Dcerpc.Srvsvc;
using Protocol.Dcerpc.Wkssvc;
using static Protocol.Tests.Dcerpc.DcerpcTestClient;

namespace Protocol.Tests.Dcerpc;

public class DcerpcPipeBindTests
{
    private static DcerpcPipe NewPipe(DcerpcPipeOptions? options = null)
    {
        var sources = new TestSources();
        return new DcerpcPipe("srvsvc", [new SrvsvcInterface(sources), new WkssvcInterface(sources)], options);
    }

    [Fact]
    public void WindowsStyleBindAcceptsNdr20RejectsNdr64AndAcksFeatureNegotiation()
    {
        var pipe = NewPipe();
        Assert.Equal(NtStatus.Success, pipe.Write(WindowsStyleBind(callId: 2)));
        var ack = ParseBindAck(ReadSingle(pipe));

        Assert.Equal(12, ack.PacketType);
        Assert.Equal(FirstFrag | LastFrag, ack.Flags);
        Assert.Equal(2u, ack.CallId);
        Assert.Equal(4280, ack.MaxXmit);
        Assert.Equal(4280, ack.MaxRecv);
        Assert.NotEqual(0u, ack.AssocGroup);
        Assert.Equal(@"\PIPE\srvsvc", ack.SecondaryAddress);
        Assert.Equal(3, ack.Results.Count);

        Assert.Equal(new ContextResult(0, 0, Ndr20, 2), ack.Results[0]);
        // provider_rejection, proposed_transfer_syntaxes_not_supported, null syntax.
        Assert.Equal(new ContextResult(2, 2, Guid.Empty, 0), ack.Results[1]);
        // MS-RPCE 3.3.1.5.3: negotiate_ack; the reason field holds the features we accept (keep-connection-on-orphan).
        Assert.Equal(new ContextResult(3, 0x02, Guid.Empty, 0), ack.Results[2]);

        Assert.True(pipe.IsBound);
        Assert.Equal(0x02, pipe.NegotiatedFeatures);
        Assert.Single(pipe.BoundContexts);
        Assert.Equal("srvsvc", pipe.BoundContexts[0].Name);
    }

    [Fact]
    public void UnknownAbstractSyntaxAndMinorVersionAboveOursAreRejected()
    {
        var pipe = NewPipe();
        pipe.Write(Bind(1, 4280, 4280, 0,
            new Context(0, new Syntax(Guid.NewGuid(), 1), Ndr20Syntax),
            new Context(1, new Syntax(Srvsvc, 3, 1), Ndr20Syntax),
            new Context(2, new Syntax(Srvsvc, 2), Ndr20Syntax),
            new Context(3, WkssvcSyntax, Ndr64Syntax, Ndr20Syntax),
            new Context(4, SrvsvcSyntax)));
        var results = ParseBindAck(ReadSingle(pipe)).Results;

        Assert.Equal(new ContextResult(2, 1, Guid.Empty, 0), results[0]); // abstract_syntax_not_supported
        Assert.Equal(new ContextResult(2, 1, Guid.Empty, 0), results[1]);
        Assert.Equal(new ContextResult(2, 1, Guid.Empty, 0), results[2]);
        Assert.Equal(new ContextResult(0, 0, Ndr20, 2), results[3]);       // NDR20 found in second place
        Assert.Equal(new ContextResult(2, 2, Guid.Empty, 0), results[4]); // no transfer syntax at all
        Assert.Equal("wkssvc", Assert.Single(pipe.BoundContexts).Value.Name);
    }

    [Theory]
    [InlineData(4280, 4280, 4280, 4280)]
    [InlineData(5840, 5840, 4280, 4280)]   // clamped to our maximum
    [InlineData(2048, 3000, 3000, 2048)]   // xmit follows the client's max_recv, recv its max_xmit
    [InlineData(512, 100, 1432, 1432)]     // never below C706's MustRecvFragSize
    public void FragmentSizesAreNegotiated(ushort clientXmit, ushort clientRecv, ushort serverXmit, ushort serverRecv)
    {
        var pipe = NewPipe();
        pipe.Write(Bind(1, clientXmit, clientRecv, 0, new Context(0, SrvsvcSyntax, Ndr20Syntax)));
        var ack = ParseBindAck(ReadSingle(pipe));
        Assert.Equal(serverXmit, ack.MaxXmit);
        Assert.Equal(serverRecv, ack.MaxRecv);
        Assert.Equal(serverXmit, pipe.MaxXmitFrag);
    }

    [Fact]
    public void AssocGroupIsAssignedOrEchoed()
    {
        var pipe = NewPipe(new DcerpcPipeOptions { AssocGroupId = 0x1234 });
        pipe.Write(Bind(1, 4280, 4280, 0, new Context(0, SrvsvcSyntax, Ndr20Syntax)));
        Assert.Equal(0x1234u, ParseBindAck(ReadSingle(pipe)).AssocGroup);

        pipe = NewPipe();
        pipe.Write(Bind(1, 4280, 4280, 0xBEEF, new Context(0, SrvsvcSyntax, Ndr20Syntax)));
        Assert.Equal(0xBEEFu, ParseBindAck(ReadSingle(pipe)).AssocGroup);
    }

    [Fact]
    public void AlterContextAddsAContextWithAnEmptySecondaryAddress()
    {
        var pipe = NewPipe();
        BindTo(pipe, SrvsvcSyntax);
        pipe.Write(AlterContext(5, new Context(1, WkssvcSyntax, Ndr20Syntax)));
        var resp = ParseBindAck(ReadSingle(pipe));

        Assert.Equal(15, resp.PacketType);
        Assert.Equal(5u, resp.CallId);
        Assert.Equal("", resp.SecondaryAddress);
        Assert.Equal(4280, resp.MaxXmit);
        Assert.Equal(new ContextResult(0, 0, Ndr20, 2), Assert.Single(resp.Results));
        Assert.Equal(2, pipe.BoundContexts.Count);

        // Context 1 now reaches wkssvc.
        var stub = Call(pipe, 0, SambaFixtures.NetWkstaGetInfoLevel100Request, callId: 6, contextId: 1);
        Assert.Equal(SambaFixtures.NetWkstaGetInfoLevel100Response, stub);
    }

    [Fact]
    public void RebindingAContextIdToAnotherInterfaceIsRejected()
    {
        var pipe = NewPipe();
        BindTo(pipe, SrvsvcSyntax);
        pipe.Write(AlterContext(5, new Context(0, WkssvcSyntax, Ndr20Syntax), new Context(1, SrvsvcSyntax, Ndr20Syntax)));
        var results = ParseBindAck(ReadSingle(pipe)).Results;
        Assert.Equal(new ContextResult(2, 0, Guid.Empty, 0), results[0]);
        Assert.Equal(0, results[1].Result);
        Assert.Equal("srvsvc", pipe.BoundContexts[0].Name);
    }

    [Fact]
    public void AlterContextBeforeBindFaults()
    {
        var pipe = NewPipe();
        pipe.Write(AlterContext(5, new Context(1, WkssvcSyntax, Ndr20Syntax)));
        var fault = ParseFault(ReadSingle(pipe));
        Assert.Equal(DcerpcFaultStatus.ProtocolError, fault.Status);
        Assert.Equal(5u, fault.CallId);
    }

    [Fact]
    public void SecondBindIsNakked()
    {
        var pipe = NewPipe();
        BindTo(pipe, SrvsvcSyntax);
        pipe.Write(Bind(9, 4280, 4280, 0, new Context(1, WkssvcSyntax, Ndr20Syntax)));
        var (reason, versions) = ParseBindNak(ReadSingle(pipe));
        Assert.Equal((ushort)DcerpcBindNakReason.ReasonNotSpecified, reason);
        Assert.Equal(new byte[] { 5, 0 }, versions);
        Assert.Single(pipe.BoundContexts);
    }

    [Fact]
    public void BindWithAuthenticationIsNakked()
    {
        // A bind carrying a sec_trailer and an NTLMSSP token: we speak no DCE/RPC security provider.
        var bind = Bind(1, 4280, 4280, 0, new Context(0, SrvsvcSyntax, Ndr20Syntax));
        var body = bind.AsSpan(16).ToArray().Concat(new byte[] { 10, 2, 0, 0, 0, 0, 0, 0 }).Concat(new byte[16]).ToArray();
        var pipe = NewPipe();
        pipe.Write(Pdu(11, FirstFrag | LastFrag, 1, body, authLength: 16));
        Assert.Equal((ushort)DcerpcBindNakReason.AuthenticationTypeNotRecognized, ParseBindNak(ReadSingle(pipe)).Reason);
        Assert.False(pipe.IsBound);
    }

    [Fact]
    public void BindWithoutContextsOrTruncatedIsNakked()
    {
        var pipe = NewPipe();
        pipe.Write(Bind(1, 4280, 4280, 0));
        Assert.Equal((ushort)DcerpcBindNakReason.ProtocolVersionNotSupported, ParseBindNak(ReadSingle(pipe)).Reason);

        var bind = Bind(2, 4280, 4280, 0, new Context(0, SrvsvcSyntax, Ndr20Syntax, Ndr64Syntax));
        // Claim two transfer syntaxes more than the PDU holds.
        bind[16 + 12 + 2] = 4;
        pipe.Write(bind);
        Assert.Equal((ushort)DcerpcBindNakReason.ProtocolVersionNotSupported, ParseBindNak(ReadSingle(pipe)).Reason);
        Assert.False(pipe.IsBound);
    }

    [Fact]
    public void BindAckForWkssvcNamesItsPipe()
    {
        var pipe = new DcerpcPipe("wkssvc", [new WkssvcInterface(new TestSources())]);
        pipe.Write(Bind(1, 4280, 4280, 0, new Context(0, WkssvcSyntax, Ndr20Syntax)));
        byte[] raw = ReadSingle(pipe);
        Assert.Equal(@"\PIPE\wkssvc", ParseBindAck(raw).SecondaryAddress);
        // 26 octets, the 13-octet address with its NUL, padding to 40, then one 24-octet result after its 4-octet count.
        Assert.Equal(40 + 4 + 24, raw.Length);
        Assert.Equal(0, raw[39]);
    }
}
