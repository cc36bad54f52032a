using System.Buffers.Binary;

namespace Protocol.Dcerpc;

/// <summary>
/// bind_nak PDU (C706 12.6.4.5): provider_reject_reason (2) | p_rt_versions_supported: n_protocols (1) |
/// p_protocols[n]: major (1), minor (1). We list the one version we speak, 5.0, and pad the PDU to 4 octets.
/// </summary>
public static class DcerpcBindNak
{
    public const int Length = DcerpcHeader.Size + 8;

    public static byte[] Build(uint callId, DcerpcBindNakReason reason)
    {
        var pdu = new byte[Length];
        DcerpcHeader.Write(pdu, DcerpcPacketType.BindNak, DcerpcPfcFlags.FirstFrag | DcerpcPfcFlags.LastFrag, Length, 0, callId);
        Span<byte> body = pdu.AsSpan(DcerpcHeader.Size);
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)reason);
        body[2] = 1;
        body[3] = DcerpcHeader.Version;
        body[4] = 0;
        return pdu;
    }
}
