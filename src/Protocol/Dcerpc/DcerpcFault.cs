using System.Buffers.Binary;

namespace Protocol.Dcerpc;

/// <summary>
/// fault PDU (C706 12.6.4.7, MS-RPCE 2.2.2.11).
/// <code>
///  16 alloc_hint (4) | 20 p_cont_id (2) | 22 cancel_count (1) | 23 reserved (1) | 24 status (4) | 28 reserved2 (4)
/// </code>
/// </summary>
public static class DcerpcFault
{
    public const int Length = DcerpcHeader.Size + 16;

    /// <param name="didNotExecute">C706 12.6.3.1 PFC_DID_NOT_EXECUTE: set when the server never ran the call (unknown interface,
    /// bad opnum, unreadable stub), so the client may safely retry it.</param>
    public static byte[] Build(uint callId, ushort contextId, uint status, bool didNotExecute)
    {
        var pdu = new byte[Length];
        var flags = DcerpcPfcFlags.FirstFrag | DcerpcPfcFlags.LastFrag;
        if (didNotExecute) flags |= DcerpcPfcFlags.DidNotExecute;
        DcerpcHeader.Write(pdu, DcerpcPacketType.Fault, flags, Length, 0, callId);
        Span<byte> body = pdu.AsSpan(DcerpcHeader.Size);
        // alloc_hint 0 means "no hint" (C706 12.6.3.1); cancel_count and the reserved fields stay 0.
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], contextId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], status);
        return pdu;
    }
}
