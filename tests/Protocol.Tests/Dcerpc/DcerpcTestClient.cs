using System.Buffers.Binary;
using System.Text;
using Protocol.Dcerpc;

namespace Protocol.Tests.Dcerpc;

/// <summary>
/// The client side, written for the tests from C706 chapter 12 without the production code: builds PDUs byte by
/// byte as a client would, and takes the server's PDUs apart again.
/// </summary>
internal static class DcerpcTestClient
{
    public static readonly Guid Ndr20 = new("8a885d04-1ceb-11c9-9fe8-08002b104860");
    public static readonly Guid Ndr64 = new("71710533-beba-4937-8319-b5dbef9ccc36");
    public static readonly Guid Srvsvc = new("4b324fc8-1670-01d3-1278-5a47bf6ee188");
    public static readonly Guid Wkssvc = new("6bffd098-a112-3610-9833-46c3f87e345a");

    /// <summary>A bind time feature negotiation syntax 6cb71c2c-9812-4540-XX00-000000000000 (MS-RPCE 3.3.1.5.3).</summary>
    public static Guid FeatureNegotiation(byte bitmask) => new(0x6cb71c2c, 0x9812, 0x4540, bitmask, 0, 0, 0, 0, 0, 0, 0);

    public const byte FirstFrag = 0x01;
    public const byte LastFrag = 0x02;

    public sealed record Syntax(Guid Uuid, ushort Major, ushort Minor = 0);
    public sealed record Context(ushort Id, Syntax Abstract, params Syntax[] Transfers);

    public static Syntax Ndr20Syntax => new(Ndr20, 2);
    public static Syntax Ndr64Syntax => new(Ndr64, 1);
    public static Syntax SrvsvcSyntax => new(Srvsvc, 3);
    public static Syntax WkssvcSyntax => new(Wkssvc, 1);

    /// <summary>The bind a Windows 10 client sends for srvsvc: NDR20, NDR64 and bind time features 0x03.</summary>
    public static byte[] WindowsStyleBind(uint callId = 2) => Bind(callId, 4280, 4280, 0,
        new Context(0, SrvsvcSyntax, Ndr20Syntax),
        new Context(1, SrvsvcSyntax, Ndr64Syntax),
        new Context(2, SrvsvcSyntax, new Syntax(FeatureNegotiation(0x03), 1)));

    public static byte[] Bind(uint callId, ushort maxXmit, ushort maxRecv, uint assocGroup, params Context[] contexts)
        => BindLike(11, callId, maxXmit, maxRecv, assocGroup, contexts);

    public static byte[] AlterContext(uint callId, params Context[] contexts)
        => BindLike(14, callId, 4280, 4280, 0, contexts);

    private static byte[] BindLike(byte ptype, uint callId, ushort maxXmit, ushort maxRecv, uint assocGroup, Context[] contexts)
    {
        var body = new List<byte>();
        AddU16(body, maxXmit);
        AddU16(body, maxRecv);
        AddU32(body, assocGroup);
        body.Add((byte)contexts.Length);
        body.AddRange([0, 0, 0]);
        foreach (var c in contexts)
        {
            AddU16(body, c.Id);
            body.Add((byte)c.Transfers.Length);
            body.Add(0);
            AddSyntax(body, c.Abstract);
            foreach (var t in c.Transfers) AddSyntax(body, t);
        }
        return Pdu(ptype, FirstFrag | LastFrag, callId, body.ToArray());
    }

    /// <summary>A request fragment; the stub starts at offset 24, 8-aligned as C706 requires.</summary>
    public static byte[] Request(uint callId, ushort contextId, ushort opnum, ReadOnlySpan<byte> stub,
        byte flags = FirstFrag | LastFrag, uint? allocHint = null)
    {
        var body = new byte[8 + stub.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(body, allocHint ?? (uint)stub.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(4), contextId);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(6), opnum);
        stub.CopyTo(body.AsSpan(8));
        return Pdu(0, flags, callId, body);
    }

    /// <summary>Splits a request stub into fragments of at most <paramref name="chunk"/> stub octets.</summary>
    public static List<byte[]> FragmentedRequest(uint callId, ushort contextId, ushort opnum, byte[] stub, int chunk)
    {
        var fragments = new List<byte[]>();
        for (int offset = 0; offset < stub.Length; offset += chunk)
        {
            int count = Math.Min(chunk, stub.Length - offset);
            byte flags = 0;
            if (offset == 0) flags |= FirstFrag;
            if (offset + count == stub.Length) flags |= LastFrag;
            fragments.Add(Request(callId, contextId, opnum, stub.AsSpan(offset, count), flags, (uint)(stub.Length - offset)));
        }
        return fragments;
    }

    public static byte[] Pdu(byte ptype, byte flags, uint callId, byte[] body, ushort authLength = 0)
    {
        var pdu = new byte[16 + body.Length];
        pdu[0] = 5;
        pdu[1] = 0;
        pdu[2] = ptype;
        pdu[3] = flags;
        pdu[4] = 0x10;
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(8), (ushort)pdu.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(10), authLength);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu.AsSpan(12), callId);
        body.CopyTo(pdu.AsSpan(16));
        return pdu;
    }

    /// <summary>Everything the pipe has to say, one message per PDU, checking each is exactly one whole PDU.</summary>
    public static List<byte[]> ReadAll(DcerpcPipe pipe)
    {
        var messages = new List<byte[]>();
        var buffer = new byte[70000];
        while (true)
        {
            int n = pipe.Read(buffer, out int remaining);
            if (n == 0) break;
            Assert.Equal(0, remaining);
            var message = buffer.AsSpan(0, n).ToArray();
            Assert.Equal(n, BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(8)));
            messages.Add(message);
        }
        return messages;
    }

    public static byte[] ReadSingle(DcerpcPipe pipe) => Assert.Single(ReadAll(pipe));

    public sealed record ContextResult(ushort Result, ushort Reason, Guid TransferUuid, uint TransferVersion);

    public sealed record BindAckPdu(byte PacketType, byte Flags, uint CallId, ushort MaxXmit, ushort MaxRecv, uint AssocGroup,
        string SecondaryAddress, List<ContextResult> Results);

    public static BindAckPdu ParseBindAck(byte[] pdu)
    {
        Assert.Equal(5, pdu[0]);
        Assert.Equal(0x10, pdu[4]);
        ushort addressLength = BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(24));
        string address = addressLength == 0 ? "" : Encoding.ASCII.GetString(pdu, 26, addressLength - 1);
        if (addressLength > 0) Assert.Equal(0, pdu[26 + addressLength - 1]);
        int offset = (26 + addressLength + 3) & ~3;
        int count = pdu[offset];
        var results = new List<ContextResult>();
        for (int i = 0; i < count; i++)
        {
            int r = offset + 4 + i * 24;
            results.Add(new ContextResult(
                BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(r)),
                BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(r + 2)),
                new Guid(pdu.AsSpan(r + 4, 16)),
                BinaryPrimitives.ReadUInt32LittleEndian(pdu.AsSpan(r + 20))));
        }
        Assert.Equal(offset + 4 + count * 24, pdu.Length);
        return new BindAckPdu(pdu[2], pdu[3], BinaryPrimitives.ReadUInt32LittleEndian(pdu.AsSpan(12)),
            BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(16)), BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(18)),
            BinaryPrimitives.ReadUInt32LittleEndian(pdu.AsSpan(20)), address, results);
    }

    public sealed record FaultPdu(uint CallId, byte Flags, ushort ContextId, uint Status);

    public static FaultPdu ParseFault(byte[] pdu)
    {
        Assert.Equal(3, pdu[2]);
        Assert.Equal(32, pdu.Length);
        return new FaultPdu(BinaryPrimitives.ReadUInt32LittleEndian(pdu.AsSpan(12)), pdu[3],
            BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(20)), BinaryPrimitives.ReadUInt32LittleEndian(pdu.AsSpan(24)));
    }

    public static (ushort Reason, byte[] Versions) ParseBindNak(byte[] pdu)
    {
        Assert.Equal(13, pdu[2]);
        int n = pdu[18];
        return (BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(16)), pdu.AsSpan(19, n * 2).ToArray());
    }

    /// <summary>Joins response fragments back into the stub, checking flags, call id, context id and alloc_hint.</summary>
    public static byte[] ReassembleResponse(List<byte[]> pdus, uint callId, ushort contextId)
    {
        var stub = new List<byte>();
        uint total = 0;
        for (int i = 0; i < pdus.Count; i++)
        {
            var pdu = pdus[i];
            Assert.Equal(2, pdu[2]);
            Assert.Equal(callId, BinaryPrimitives.ReadUInt32LittleEndian(pdu.AsSpan(12)));
            Assert.Equal(contextId, BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(20)));
            Assert.Equal(i == 0, (pdu[3] & FirstFrag) != 0);
            Assert.Equal(i == pdus.Count - 1, (pdu[3] & LastFrag) != 0);
            uint allocHint = BinaryPrimitives.ReadUInt32LittleEndian(pdu.AsSpan(16));
            if (i == 0) total = allocHint;
            Assert.Equal(total - (uint)stub.Count, allocHint);
            stub.AddRange(pdu.AsSpan(24).ToArray());
        }
        Assert.Equal(total, (uint)stub.Count);
        return stub.ToArray();
    }

    /// <summary>Binds <paramref name="pipe"/> to one interface on context 0 and drops the bind_ack.</summary>
    public static void BindTo(DcerpcPipe pipe, Syntax abstractSyntax, ushort maxRecv = 4280)
    {
        Assert.Equal(NtStatus.Success, pipe.Write(Bind(1, 4280, maxRecv, 0, new Context(0, abstractSyntax, Ndr20Syntax))));
        var ack = ParseBindAck(ReadSingle(pipe));
        Assert.Equal(0, ack.Results[0].Result);
    }

    /// <summary>One call on a bound pipe: request in, whole response stub out.</summary>
    public static byte[] Call(DcerpcPipe pipe, ushort opnum, byte[] stub, uint callId = 7, ushort contextId = 0)
    {
        Assert.Equal(NtStatus.Success, pipe.Write(Request(callId, contextId, opnum, stub)));
        return ReassembleResponse(ReadAll(pipe), callId, contextId);
    }

    private static void AddSyntax(List<byte> body, Syntax syntax)
    {
        body.AddRange(syntax.Uuid.ToByteArray());
        AddU16(body, syntax.Major);
        AddU16(body, syntax.Minor);
    }

    private static void AddU16(List<byte> list, ushort value)
    {
        list.Add((byte)value);
        list.Add((byte)(value >> 8));
    }

    private static void AddU32(List<byte> list, uint value)
    {
        AddU16(list, (ushort)value);
        AddU16(list, (ushort)(value >> 16));
    }
}
