using System.Buffers.Binary;
using System.Text;
using Protocol.Dcerpc.Ndr;

namespace Ntvfs.Tests.Ipc;

/// <summary>
/// The client side of DCE/RPC over a pipe, written for the tests from C706 chapter 12 without the production code
/// (adapted from the Protocol tests' client): builds PDUs as a client would and takes the server's apart again.
/// </summary>
internal static class IpcTestClient
{
    public static readonly Guid Ndr20 = new("8a885d04-1ceb-11c9-9fe8-08002b104860");
    public static readonly Guid Srvsvc = new("4b324fc8-1670-01d3-1278-5a47bf6ee188");
    public static readonly Guid Wkssvc = new("6bffd098-a112-3610-9833-46c3f87e345a");

    public const byte FirstFrag = 0x01;
    public const byte LastFrag = 0x02;
    public const byte PtypeResponse = 2;
    public const byte PtypeBindAck = 12;
    public const byte PtypeBindNak = 13;

    /// <summary>A bind of context 0 to <paramref name="iface"/> version <paramref name="major"/>.0 with NDR 2.0.</summary>
    public static byte[] Bind(Guid iface, ushort major, uint callId = 1, ushort maxRecv = 4280)
    {
        var body = new List<byte>();
        AddU16(body, 4280);
        AddU16(body, maxRecv);
        AddU32(body, 0);
        body.Add(1);
        body.AddRange([0, 0, 0]);
        AddU16(body, 0);
        body.Add(1);
        body.Add(0);
        body.AddRange(iface.ToByteArray());
        AddU16(body, major);
        AddU16(body, 0);
        body.AddRange(Ndr20.ToByteArray());
        AddU16(body, 2);
        AddU16(body, 0);
        return Pdu(11, FirstFrag | LastFrag, callId, body.ToArray());
    }

    public static byte[] SrvsvcBind(uint callId = 1) => Bind(Srvsvc, 3, callId);

    /// <summary>A single-fragment request on context 0.</summary>
    public static byte[] Request(uint callId, ushort opnum, ReadOnlySpan<byte> stub, byte flags = FirstFrag | LastFrag)
    {
        var body = new byte[8 + stub.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(body, (uint)stub.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(4), 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(6), opnum);
        stub.CopyTo(body.AsSpan(8));
        return Pdu(0, flags, callId, body);
    }

    /// <summary>srvsvc NetShareEnumAll (opnum 15) at <paramref name="level"/>, no preferred maximum, resume handle 0.</summary>
    public static byte[] NetShareEnumAll(uint callId, uint level = 1)
    {
        var w = new NdrWriter();
        if (w.WritePointer(true)) w.WriteConformantVaryingString(@"\\127.0.0.1");
        w.WriteUInt32(level);
        w.WriteUInt32(level);
        if (w.WritePointer(true))
        {
            w.WriteUInt32(0);
            w.WritePointer(false);
        }
        w.WriteUInt32(0xFFFFFFFF);
        if (w.WritePointer(true)) w.WriteUInt32(0);
        return Request(callId, 15, w.WrittenSpan);
    }

    /// <summary>wkssvc NetrWkstaGetInfo (opnum 0) at <paramref name="level"/>.</summary>
    public static byte[] NetWkstaGetInfo(uint callId, uint level = 100)
    {
        var w = new NdrWriter();
        w.WritePointer(false);
        w.WriteUInt32(level);
        return Request(callId, 0, w.WrittenSpan);
    }

    public static byte[] Pdu(byte ptype, byte flags, uint callId, byte[] body)
    {
        var pdu = new byte[16 + body.Length];
        pdu[0] = 5;
        pdu[1] = 0;
        pdu[2] = ptype;
        pdu[3] = flags;
        pdu[4] = 0x10;
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(8), (ushort)pdu.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu.AsSpan(12), callId);
        body.CopyTo(pdu.AsSpan(16));
        return pdu;
    }

    public static ushort FragLength(ReadOnlySpan<byte> pdu) => BinaryPrimitives.ReadUInt16LittleEndian(pdu[8..]);

    public static uint CallId(ReadOnlySpan<byte> pdu) => BinaryPrimitives.ReadUInt32LittleEndian(pdu[12..]);

    /// <summary>Checks <paramref name="pdu"/> is one whole bind_ack accepting context 0; returns its secondary address.</summary>
    public static string AssertBindAck(byte[] pdu)
    {
        Assert.Equal(5, pdu[0]);
        Assert.Equal(PtypeBindAck, pdu[2]);
        Assert.Equal(pdu.Length, FragLength(pdu));
        ushort addressLength = BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(24));
        string address = Encoding.ASCII.GetString(pdu, 26, addressLength - 1);
        int offset = (26 + addressLength + 3) & ~3;
        Assert.Equal(1, pdu[offset]);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(offset + 4)));
        return address;
    }

    /// <summary>Joins response PDUs (each one whole message) back into the stub, checking flags, call id and alloc_hint.</summary>
    public static byte[] ReassembleResponse(IReadOnlyList<byte[]> pdus, uint callId)
    {
        var stub = new List<byte>();
        uint total = 0;
        for (int i = 0; i < pdus.Count; i++)
        {
            byte[] pdu = pdus[i];
            Assert.Equal(PtypeResponse, pdu[2]);
            Assert.Equal(pdu.Length, FragLength(pdu));
            Assert.Equal(callId, CallId(pdu));
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
