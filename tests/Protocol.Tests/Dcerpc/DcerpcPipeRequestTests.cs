using System.Buffers.Binary;
using Protocol.Dcerpc;
using Protocol.Dcerpc.Ndr;
using Protocol.Dcerpc.Srvsvc;
using static Protocol.Tests.Dcerpc.DcerpcTestClient;

namespace Protocol.Tests.Dcerpc;

public class DcerpcPipeRequestTests
{
    /// <summary>Opnum 0 answers the request stub back; opnum 1 faults with the status the stub's first DWORD names.</summary>
    private sealed class EchoInterface : IDcerpcInterface
    {
        public static readonly Guid InterfaceUuid = new("12345678-1234-abcd-ef00-0123456789ab");
        public Guid Uuid => InterfaceUuid;
        public ushort MajorVersion => 1;
        public ushort MinorVersion => 0;
        public string Name => "echo";
        public int Calls { get; private set; }

        public DcerpcCallResult Call(ushort opnum, ReadOnlySpan<byte> stubData, NdrWriter response)
        {
            Calls++;
            if (opnum == 1)
            {
                response.WriteUInt32(0xDEADBEEF); // discarded on a fault
                return DcerpcCallResult.Fault(BinaryPrimitives.ReadUInt32LittleEndian(stubData), didNotExecute: false);
            }
            if (opnum != 0) return DcerpcCallResult.UnknownOpnum;
            response.WriteBytes(stubData);
            return DcerpcCallResult.Success;
        }
    }

    private static readonly Syntax EchoSyntax = new(EchoInterface.InterfaceUuid, 1);

    private readonly EchoInterface _echo = new();

    private DcerpcPipe BoundEchoPipe(ushort clientMaxRecv = 4280, DcerpcPipeOptions? options = null)
    {
        var pipe = new DcerpcPipe("echo", [_echo], options);
        BindTo(pipe, EchoSyntax, clientMaxRecv);
        return pipe;
    }

    private static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 3)).ToArray();

    [Fact]
    public void FragmentedRequestIsReassembled()
    {
        var pipe = BoundEchoPipe();
        byte[] stub = Pattern(10000);
        var fragments = FragmentedRequest(11, 0, 0, stub, chunk: 1000);
        Assert.Equal(10, fragments.Count);
        foreach (var fragment in fragments)
        {
            Assert.Equal(NtStatus.Success, pipe.Write(fragment));
            if (fragment != fragments[^1]) Assert.Equal(0, pipe.PendingOutputLength);
        }
        Assert.Equal(stub, ReassembleResponse(ReadAll(pipe), 11, 0));
        Assert.Equal(1, _echo.Calls);
    }

    [Fact]
    public void ResponseIsFragmentedToTheNegotiatedSize()
    {
        var pipe = BoundEchoPipe(clientMaxRecv: 1432);
        Assert.Equal(1432, pipe.MaxXmitFrag);
        byte[] stub = Pattern(5000);
        var fragments = FragmentedRequest(3, 0, 0, stub, chunk: 1000);
        foreach (var fragment in fragments) pipe.Write(fragment);

        var pdus = ReadAll(pipe);
        Assert.Equal(4, pdus.Count);
        Assert.All(pdus, p => Assert.True(p.Length <= 1432));
        // Every fragment but the last carries a multiple of 8 stub octets: (1432 - 24) & ~7 = 1408.
        Assert.All(pdus[..^1], p => Assert.Equal(24 + 1408, p.Length));
        Assert.Equal(stub, ReassembleResponse(pdus, 3, 0));
    }

    [Fact]
    public void NetShareEnumWithManySharesIsFragmented()
    {
        var sources = new TestSources();
        for (int i = 0; i < 100; i++)
            sources.ShareList.Add(new ShareInfo($"share{i:D3}", ShareType.DiskTree, $"comment number {i}", $"/srv/share{i}"));
        var pipe = new DcerpcPipe("srvsvc", [new SrvsvcInterface(sources)]);
        BindTo(pipe, SrvsvcSyntax, maxRecv: 1432);

        pipe.Write(Request(8, 0, 15, SambaFixtures.NetShareEnumAllLevel502Request));
        var pdus = ReadAll(pipe);
        Assert.True(pdus.Count > 5);
        var (_, shares, total, _, result) = TestStubDecoder.ShareEnum(ReassembleResponse(pdus, 8, 0));
        Assert.Equal(103u, total);
        Assert.Equal(103, shares.Count);
        Assert.Equal(0u, result);
        Assert.Equal(@"C:\srv\share99", shares[^1].Path);
    }

    [Fact]
    public void EmptyStubGivesOneEmptyResponseFragment()
    {
        var pipe = BoundEchoPipe();
        pipe.Write(Request(1, 0, 0, []));
        var pdu = ReadSingle(pipe);
        Assert.Equal(24, pdu.Length);
        Assert.Equal(FirstFrag | LastFrag, pdu[3]);
    }

    [Fact]
    public void InterfaceFaultIsSentAndItsOutputDiscarded()
    {
        var pipe = BoundEchoPipe();
        pipe.Write(Request(12, 0, 1, BitConverter.GetBytes(0x00000005u)));
        var fault = ParseFault(ReadSingle(pipe));
        Assert.Equal(new FaultPdu(12, FirstFrag | LastFrag, 0, 5), fault);
    }

    [Fact]
    public void ObjectUuidInRequestIsSkipped()
    {
        var pipe = BoundEchoPipe();
        byte[] stub = Pattern(40);
        var body = new byte[8 + 16 + stub.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(body, (uint)stub.Length);
        Guid.NewGuid().TryWriteBytes(body.AsSpan(8));
        stub.CopyTo(body.AsSpan(24));
        pipe.Write(Pdu(0, FirstFrag | LastFrag | 0x80, 4, body));
        Assert.Equal(stub, ReassembleResponse(ReadAll(pipe), 4, 0));
    }

    [Fact]
    public void UnknownContextFaultsWithUnknownInterface()
    {
        var pipe = BoundEchoPipe();
        pipe.Write(Request(5, 9, 0, [1, 2, 3]));
        var fault = ParseFault(ReadSingle(pipe));
        Assert.Equal(DcerpcFaultStatus.UnknownInterface, fault.Status);
        Assert.Equal(0x1C010003u, fault.Status);
        Assert.Equal((ushort)9, fault.ContextId);
        Assert.Equal(FirstFrag | LastFrag | 0x20, fault.Flags);
    }

    [Fact]
    public void UnknownContextOnAFragmentedCallFaultsOnceAndSwallowsTheRest()
    {
        var pipe = BoundEchoPipe();
        foreach (var fragment in FragmentedRequest(5, 9, 0, Pattern(3000), 1000)) pipe.Write(fragment);
        Assert.Equal(DcerpcFaultStatus.UnknownInterface, ParseFault(ReadSingle(pipe)).Status);

        // The pipe is in step again for the next call.
        Assert.Equal(Pattern(10), Call(pipe, 0, Pattern(10), callId: 6));
    }

    [Fact]
    public void RequestBeforeBindFaults()
    {
        var pipe = new DcerpcPipe("echo", [_echo]);
        pipe.Write(Request(1, 0, 0, [1]));
        Assert.Equal(DcerpcFaultStatus.ProtocolError, ParseFault(ReadSingle(pipe)).Status);
        Assert.Equal(0, _echo.Calls);
    }

    [Fact]
    public void RequestLargerThanTheLimitFaultsWithoutBufferingIt()
    {
        var pipe = BoundEchoPipe(options: new DcerpcPipeOptions { MaxRequestSize = 4096 });
        // Honest alloc_hint: refused at the first fragment.
        var fragments = FragmentedRequest(2, 0, 0, Pattern(6000), 1000);
        foreach (var fragment in fragments) pipe.Write(fragment);
        Assert.Equal(DcerpcFaultStatus.RemoteNoMemory, ParseFault(ReadSingle(pipe)).Status);

        // alloc_hint 0 ("no hint"): refused when the running total passes the limit; later fragments are swallowed.
        for (int i = 0; i < 6; i++)
        {
            byte flags = (byte)((i == 0 ? FirstFrag : 0) | (i == 5 ? LastFrag : 0));
            pipe.Write(Request(3, 0, 0, Pattern(1000), flags, allocHint: 0));
        }
        Assert.Equal(DcerpcFaultStatus.RemoteNoMemory, ParseFault(ReadSingle(pipe)).Status);
        Assert.Equal(0, _echo.Calls);
        Assert.Equal(Pattern(8), Call(pipe, 0, Pattern(8), callId: 4));
    }

    [Fact]
    public void InterleavedOrMismatchedFragmentsFault()
    {
        var pipe = BoundEchoPipe();
        var a = FragmentedRequest(20, 0, 0, Pattern(3000), 1000);
        var b = FragmentedRequest(21, 0, 0, Pattern(3000), 1000);
        pipe.Write(a[0]);
        pipe.Write(b[0]); // a new call while call 20 is still arriving
        Assert.Equal(new FaultPdu(21, FirstFrag | LastFrag | 0x20, 0, DcerpcFaultStatus.ProtocolError), ParseFault(ReadSingle(pipe)));

        // A middle fragment with no call in progress.
        pipe.Write(a[1]);
        Assert.Equal(20u, ParseFault(ReadSingle(pipe)).CallId);

        // A continuation that changes the opnum.
        pipe.Write(FragmentedRequest(22, 0, 0, Pattern(2000), 1000)[0]);
        pipe.Write(Request(22, 0, 5, Pattern(1000), LastFrag));
        Assert.Equal(DcerpcFaultStatus.ProtocolError, ParseFault(ReadSingle(pipe)).Status);
        Assert.Equal(0, _echo.Calls);
    }

    [Fact]
    public void OrphanedDropsThePartialCallAndIsNotAnswered()
    {
        var pipe = BoundEchoPipe();
        var fragments = FragmentedRequest(30, 0, 0, Pattern(3000), 1000);
        pipe.Write(fragments[0]);
        pipe.Write(Pdu(19, FirstFrag | LastFrag, 30, []));
        Assert.Equal(0, pipe.PendingOutputLength);
        Assert.Equal(Pattern(16), Call(pipe, 0, Pattern(16), callId: 31));
        Assert.Equal(1, _echo.Calls);
    }

    [Theory]
    [InlineData(16)] // auth3
    [InlineData(17)] // shutdown
    [InlineData(18)] // co_cancel
    public void PdusWithoutAnAnswerAreIgnored(byte ptype)
    {
        var pipe = BoundEchoPipe();
        Assert.Equal(NtStatus.Success, pipe.Write(Pdu(ptype, FirstFrag | LastFrag, 3, new byte[8])));
        Assert.Equal(0, pipe.PendingOutputLength);
        Assert.False(pipe.IsBroken);
    }

    [Fact]
    public void OneWriteMayCarrySeveralPdusAndAnotherHalfOfOne()
    {
        var pipe = new DcerpcPipe("echo", [_echo]);
        byte[] bind = Bind(1, 4280, 4280, 0, new Context(0, EchoSyntax, Ndr20Syntax));
        byte[] first = Request(2, 0, 0, Pattern(100));
        byte[] second = Request(3, 0, 0, Pattern(50));
        byte[] stream = [.. bind, .. first, .. second];

        int split = bind.Length + first.Length + 7; // inside the third PDU's header
        pipe.Write(stream.AsSpan(0, split));
        var messages = ReadAll(pipe);
        Assert.Equal(2, messages.Count);
        Assert.Equal(12, messages[0][2]);
        Assert.Equal(Pattern(100), ReassembleResponse([messages[1]], 2, 0));

        pipe.Write(stream.AsSpan(split));
        Assert.Equal(Pattern(50), ReassembleResponse(ReadAll(pipe), 3, 0));
    }

    [Fact]
    public void ByteAtATimeWritesWork()
    {
        var pipe = new DcerpcPipe("echo", [_echo]);
        byte[] stream = [.. Bind(1, 4280, 4280, 0, new Context(0, EchoSyntax, Ndr20Syntax)), .. Request(2, 0, 0, Pattern(33))];
        foreach (byte b in stream) Assert.Equal(NtStatus.Success, pipe.Write([b]));
        var messages = ReadAll(pipe);
        Assert.Equal(2, messages.Count);
        Assert.Equal(Pattern(33), ReassembleResponse([messages[1]], 2, 0));
    }

    [Fact]
    public void SmallReadsReturnOneMessageInPieces()
    {
        var pipe = BoundEchoPipe();
        pipe.Write(Request(2, 0, 0, Pattern(100)));
        pipe.Write(Request(3, 0, 0, Pattern(10)));
        Assert.Equal(124 + 34, pipe.PendingOutputLength);
        Assert.Equal(124, pipe.NextMessageLength);

        var buffer = new byte[50];
        Assert.Equal(50, pipe.Read(buffer, out int remaining));
        Assert.Equal(74, remaining);
        Assert.Equal(50, pipe.Read(buffer, out remaining));
        Assert.Equal(24, remaining);
        // The rest of the first message only, not the start of the second.
        Assert.Equal(24, pipe.Read(buffer, out remaining));
        Assert.Equal(0, remaining);
        Assert.Equal(34, pipe.NextMessageLength);
        Assert.Equal(34, pipe.Read(buffer));
        Assert.Equal(0, pipe.Read(buffer));
        Assert.Equal(0, pipe.PendingOutputLength);
    }

    [Fact]
    public void TransceiveWritesAndReadsOneMessage()
    {
        var pipe = BoundEchoPipe();
        var output = new byte[4280];
        Assert.Equal(NtStatus.Success, pipe.Transceive(Request(2, 0, 0, Pattern(64)), output, out int written));
        Assert.Equal(24 + 64, written);
        Assert.Equal(Pattern(64), ReassembleResponse([output[..written]], 2, 0));

        // Too small an output buffer: STATUS_BUFFER_OVERFLOW, the rest waits for READ.
        var small = new byte[40];
        Assert.Equal(NtStatus.BufferOverflow, pipe.Transceive(Request(3, 0, 0, Pattern(64)), small, out written));
        Assert.Equal(40, written);
        Assert.Equal(48, pipe.NextMessageLength);

        // A partial PDU has no answer yet.
        var pipe2 = BoundEchoPipe();
        Assert.Equal(NtStatus.Success, pipe2.Transceive(Request(4, 0, 0, Pattern(8))[..10], output, out written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void WritesAreRefusedWhileTooMuchOutputWaits()
    {
        var pipe = BoundEchoPipe(options: new DcerpcPipeOptions { MaxPendingOutput = 1000 });
        pipe.Write(Request(2, 0, 0, Pattern(2000)));
        Assert.Equal(NtStatus.InsufficientResources, pipe.Write(Request(3, 0, 0, Pattern(8))));
        ReadAll(pipe);
        Assert.Equal(NtStatus.Success, pipe.Write(Request(3, 0, 0, Pattern(8))));
        ReadAll(pipe);

        // Within one write: once the answers pass the limit, further calls are refused with a small fault.
        byte[] burst = [.. Request(4, 0, 0, Pattern(2000)), .. Request(5, 0, 0, Pattern(2000)), .. Request(6, 0, 0, Pattern(2000))];
        Assert.Equal(NtStatus.Success, pipe.Write(burst));
        var messages = ReadAll(pipe);
        Assert.Equal(3, messages.Count);
        Assert.Equal(Pattern(2000), ReassembleResponse([messages[0]], 4, 0));
        Assert.Equal(DcerpcFaultStatus.ServerTooBusy, ParseFault(messages[1]).Status);
        Assert.Equal(6u, ParseFault(messages[2]).CallId);
        Assert.Equal(3, _echo.Calls);
    }
}
