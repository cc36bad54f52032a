using System.Buffers.Binary;
using Protocol.Dcerpc;
using Protocol.Dcerpc.Srvsvc;
using static Protocol.Tests.Dcerpc.DcerpcTestClient;

namespace Protocol.Tests.Dcerpc;

public class DcerpcPipeMalformedTests
{
    private static DcerpcPipe NewPipe() => new("srvsvc", [new SrvsvcInterface(new TestSources())]);

    private static DcerpcPipe BoundPipe()
    {
        var pipe = NewPipe();
        BindTo(pipe, SrvsvcSyntax);
        return pipe;
    }

    [Fact]
    public void FragLengthPastTheEndWaitsForTheRest()
    {
        var pipe = BoundPipe();
        byte[] request = Request(3, 0, 15, SambaFixtures.NetShareEnumAllLevel1Request);
        Assert.Equal(NtStatus.Success, pipe.Write(request.AsSpan(0, request.Length - 1)));
        Assert.Equal(0, pipe.PendingOutputLength);
        Assert.Equal(NtStatus.Success, pipe.Write(request.AsSpan(request.Length - 1)));
        Assert.Equal(SambaFixtures.NetShareEnumAllLevel1Response, ReassembleResponse(ReadAll(pipe), 3, 0));
    }

    [Fact]
    public void FragLengthShorterThanAHeaderBreaksThePipe()
    {
        var pipe = BoundPipe();
        byte[] request = Request(3, 0, 15, SambaFixtures.NetShareEnumAllLevel1Request);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(8), 10);
        Assert.Equal(NtStatus.Success, pipe.Write(request));
        var fault = ParseFault(ReadSingle(pipe));
        Assert.Equal(DcerpcFaultStatus.ProtocolError, fault.Status);
        Assert.True(pipe.IsBroken);
        Assert.Equal(NtStatus.PipeDisconnected, pipe.Write(Request(4, 0, 15, SambaFixtures.NetShareEnumAllLevel1Request)));
        Assert.Equal(0, pipe.PendingOutputLength);
    }

    [Fact]
    public void BadMajorVersionOnBindIsNakkedAndBreaksThePipe()
    {
        var pipe = NewPipe();
        byte[] bind = WindowsStyleBind();
        bind[0] = 4;
        Assert.Equal(NtStatus.Success, pipe.Write(bind));
        var (reason, versions) = ParseBindNak(ReadSingle(pipe));
        Assert.Equal((ushort)DcerpcBindNakReason.ProtocolVersionNotSupported, reason);
        Assert.Equal(new byte[] { 5, 0 }, versions);
        Assert.True(pipe.IsBroken);
        Assert.Equal(NtStatus.PipeDisconnected, pipe.Write(WindowsStyleBind()));
    }

    [Fact]
    public void BadMajorVersionOnOtherPdusIsAProtocolError()
    {
        var pipe = BoundPipe();
        byte[] request = Request(3, 0, 15, SambaFixtures.NetShareEnumAllLevel1Request);
        request[0] = 6;
        Assert.Equal(NtStatus.RpcProtocolError, pipe.Write(request));
        Assert.True(pipe.IsBroken);
        Assert.Equal(0, pipe.PendingOutputLength);
    }

    [Fact]
    public void BadMinorVersionIsAnsweredWithoutBreakingThePipe()
    {
        var pipe = NewPipe();
        byte[] bind = WindowsStyleBind();
        bind[1] = 7;
        pipe.Write(bind);
        Assert.Equal((ushort)DcerpcBindNakReason.ProtocolVersionNotSupported, ParseBindNak(ReadSingle(pipe)).Reason);
        Assert.False(pipe.IsBroken);

        bind[1] = 1; // 5.1 is fine
        pipe.Write(bind);
        Assert.Equal(12, ReadSingle(pipe)[2]);

        byte[] request = Request(3, 0, 15, SambaFixtures.NetShareEnumAllLevel1Request);
        request[1] = 2;
        pipe.Write(request);
        Assert.Equal(DcerpcFaultStatus.ProtocolError, ParseFault(ReadSingle(pipe)).Status);
    }

    [Fact]
    public void BigEndianBindIsFramedAndNakked()
    {
        var pipe = NewPipe();
        byte[] bind = WindowsStyleBind(callId: 0x01020304);
        bind[4] = 0x00; // big-endian integers
        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(bind.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(bind.AsSpan(8), length);
        BinaryPrimitives.WriteUInt32BigEndian(bind.AsSpan(12), 0x01020304);
        // Followed at once by a correct bind: the big-endian frag_length framed the first one.
        Assert.Equal(NtStatus.Success, pipe.Write([.. bind, .. WindowsStyleBind(callId: 5)]));
        var messages = ReadAll(pipe);
        Assert.Equal(2, messages.Count);
        Assert.Equal(0x01020304u, BinaryPrimitives.ReadUInt32LittleEndian(messages[0].AsSpan(12)));
        Assert.Equal((ushort)DcerpcBindNakReason.ProtocolVersionNotSupported, ParseBindNak(messages[0]).Reason);
        Assert.Equal(5u, ParseBindAck(messages[1]).CallId);
    }

    [Theory]
    [InlineData(0x11, 0x00)] // EBCDIC characters
    [InlineData(0x10, 0x01)] // VAX floats
    public void UnsupportedDataRepresentationOnRequestFaults(byte drep0, byte drep1)
    {
        var pipe = BoundPipe();
        byte[] request = Request(3, 0, 15, SambaFixtures.NetShareEnumAllLevel1Request);
        request[4] = drep0;
        request[5] = drep1;
        pipe.Write(request);
        Assert.Equal(DcerpcFaultStatus.UnsupportedType, ParseFault(ReadSingle(pipe)).Status);
        Assert.False(pipe.IsBroken);
    }

    [Fact]
    public void AuthLengthLargerThanTheFragmentFaults()
    {
        var pipe = BoundPipe();
        byte[] request = Request(3, 0, 15, SambaFixtures.NetShareEnumAllLevel1Request);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(10), (ushort)(request.Length - 16 - 8 + 1));
        pipe.Write(request);
        Assert.Equal(DcerpcFaultStatus.ProtocolError, ParseFault(ReadSingle(pipe)).Status);

        byte[] bind = WindowsStyleBind();
        BinaryPrimitives.WriteUInt16LittleEndian(bind.AsSpan(10), 0xFFFF);
        var fresh = NewPipe();
        fresh.Write(bind);
        Assert.Equal((ushort)DcerpcBindNakReason.ProtocolVersionNotSupported, ParseBindNak(ReadSingle(fresh)).Reason);
    }

    [Fact]
    public void RequestWithAuthVerifierFaults()
    {
        var pipe = BoundPipe();
        byte[] stub = [.. SambaFixtures.NetShareEnumAllLevel1Request, .. new byte[8 + 16]];
        byte[] request = Request(3, 0, 15, stub);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(10), 16);
        pipe.Write(request);
        Assert.Equal(DcerpcFaultStatus.ProtocolError, ParseFault(ReadSingle(pipe)).Status);
    }

    [Theory]
    [InlineData(2)]   // response: only a server sends it
    [InlineData(3)]   // fault
    [InlineData(1)]   // ping: connectionless
    [InlineData(12)]  // bind_ack
    [InlineData(99)]  // no such type
    public void UnexpectedPacketTypeFaults(byte ptype)
    {
        var pipe = BoundPipe();
        pipe.Write(Pdu(ptype, FirstFrag | LastFrag, 77, new byte[8]));
        var fault = ParseFault(ReadSingle(pipe));
        Assert.Equal(77u, fault.CallId);
        Assert.Equal(DcerpcFaultStatus.ProtocolError, fault.Status);
        Assert.False(pipe.IsBroken);
    }

    [Fact]
    public void RequestTooShortForItsFixedFieldsFaults()
    {
        var pipe = BoundPipe();
        pipe.Write(Pdu(0, FirstFrag | LastFrag, 8, [1, 2, 3, 4]));
        Assert.Equal(DcerpcFaultStatus.ProtocolError, ParseFault(ReadSingle(pipe)).Status);
        // With PFC_OBJECT_UUID the fixed part is 24 octets.
        pipe.Write(Pdu(0, FirstFrag | LastFrag | 0x80, 9, new byte[20]));
        Assert.Equal(9u, ParseFault(ReadSingle(pipe)).CallId);
    }

    [Fact]
    public void RandomInputNeverThrows()
    {
        var random = new Random(12345);
        var valid = new List<byte[]>
        {
            WindowsStyleBind(),
            Request(2, 0, 15, SambaFixtures.NetShareEnumAllLevel1Request),
            Request(3, 0, 16, SambaFixtures.NetShareGetInfoMissingRequest),
            Request(4, 0, 21, SambaFixtures.NetSrvGetInfoLevel101Request),
            AlterContext(5, new Context(1, SrvsvcSyntax, Ndr20Syntax)),
        };
        for (int round = 0; round < 3000; round++)
        {
            var pipe = NewPipe();
            foreach (var template in valid)
            {
                var pdu = (byte[])template.Clone();
                int flips = random.Next(0, 4);
                for (int i = 0; i < flips; i++) pdu[random.Next(pdu.Length)] = (byte)random.Next(256);
                if (random.Next(4) == 0) pdu = pdu[..random.Next(pdu.Length)];
                pipe.Write(pdu);
                ReadAll(pipe);
            }
        }
    }
}
