using System.Buffers.Binary;

namespace Protocol.Dcerpc;

/// <summary>
/// response PDU (C706 12.6.4.10).
/// <code>
///  16 alloc_hint (4) | 20 p_cont_id (2) | 22 cancel_count (1) | 23 reserved (1) | 24 stub data
/// </code>
/// </summary>
public static class DcerpcResponse
{
    public const int HeaderLength = DcerpcHeader.Size + 8;

    /// <summary>Builds one fragment; <paramref name="allocHint"/> is the stub still to come, this fragment included.</summary>
    public static byte[] BuildFragment(uint callId, ushort contextId, DcerpcPfcFlags flags, uint allocHint, ReadOnlySpan<byte> stub)
    {
        var pdu = new byte[HeaderLength + stub.Length];
        DcerpcHeader.Write(pdu, DcerpcPacketType.Response, flags, (ushort)pdu.Length, 0, callId);
        Span<byte> body = pdu.AsSpan(DcerpcHeader.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(body, allocHint);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], contextId);
        stub.CopyTo(body[8..]);
        return pdu;
    }
}
