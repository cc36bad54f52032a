using System.Buffers.Binary;
using System.Text;

namespace Protocol.Dcerpc;

/// <summary>
/// bind_ack and alter_context_resp PDUs (C706 12.6.4.4 / 12.6.4.2; one layout).
/// <code>
///  16 max_xmit_frag (2) | 18 max_recv_frag (2) | 20 assoc_group_id (4)
///  24 sec_addr: length (2) | port_spec (length octets, ASCII, NUL included)
///     pad to a 4-octet boundary of the PDU
///     p_result_list: n_results (1) | reserved (1) | reserved2 (2) | p_result_t[n] (24 each)
/// </code>
/// </summary>
public static class DcerpcBindAck
{
    /// <summary>Builds the whole PDU (header included).</summary>
    public static byte[] Build(
        DcerpcPacketType packetType,
        uint callId,
        ushort maxXmitFrag,
        ushort maxRecvFrag,
        uint assocGroupId,
        string secondaryAddress,
        IReadOnlyList<DcerpcContextResultEntry> results)
    {
        // C706 12.6.3.1 port_any_t: the length counts the terminating NUL; an empty address is length 0.
        int addressLength = secondaryAddress.Length == 0 ? 0 : Encoding.ASCII.GetByteCount(secondaryAddress) + 1;
        int resultsOffset = Align4(DcerpcHeader.Size + 10 + addressLength);
        int length = resultsOffset + 4 + results.Count * DcerpcContextResultEntry.Size;

        var pdu = new byte[length];
        DcerpcHeader.Write(pdu, packetType, DcerpcPfcFlags.FirstFrag | DcerpcPfcFlags.LastFrag, (ushort)length, 0, callId);
        Span<byte> body = pdu.AsSpan(DcerpcHeader.Size);
        BinaryPrimitives.WriteUInt16LittleEndian(body, maxXmitFrag);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], maxRecvFrag);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], assocGroupId);
        BinaryPrimitives.WriteUInt16LittleEndian(body[8..], (ushort)addressLength);
        if (addressLength > 0) Encoding.ASCII.GetBytes(secondaryAddress, body[10..]);

        Span<byte> list = pdu.AsSpan(resultsOffset);
        list[0] = (byte)results.Count;
        int offset = 4;
        foreach (var result in results)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(list[offset..], (ushort)result.Result);
            BinaryPrimitives.WriteUInt16LittleEndian(list[(offset + 2)..], result.Reason);
            result.TransferSyntax.Write(list[(offset + 4)..]);
            offset += DcerpcContextResultEntry.Size;
        }
        return pdu;
    }

    private static int Align4(int value) => (value + 3) & ~3;
}
