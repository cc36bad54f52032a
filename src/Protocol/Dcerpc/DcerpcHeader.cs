using System.Buffers.Binary;

namespace Protocol.Dcerpc;

/// <summary>
/// The 16-octet common header of every connection-oriented PDU (C706 12.6.3.1).
/// <code>
///  0         1               2       3           4                   8             10            12
///  | rpc_vers | rpc_vers_minor | PTYPE | pfc_flags | packed_drep (4)   | frag_length | auth_length | call_id (4) |
/// </code>
/// frag_length, auth_length and call_id are in the sender's integer representation (drep[0] high nibble), so the
/// header can be framed even when the pipe then refuses that representation.
/// </summary>
public readonly record struct DcerpcHeader(
    byte RpcVersion,
    byte RpcVersionMinor,
    DcerpcPacketType PacketType,
    DcerpcPfcFlags Flags,
    uint DataRepresentation,
    ushort FragLength,
    ushort AuthLength,
    uint CallId)
{
    public const int Size = 16;
    public const byte Version = 5;
    /// <summary>
    /// MS-RPCE 1.7 allows connection-oriented version 5.0 only; like Samba we also take 5.1 from older DCE clients,
    /// and always answer 5.0.
    /// </summary>
    public const byte MaxVersionMinor = 1;
    /// <summary>packed_drep of little-endian integers, ASCII characters and IEEE floats: 0x10 0x00 0x00 0x00.</summary>
    public const uint LittleEndianDataRepresentation = 0x00000010;
    /// <summary>C706 12.6.3.1: the auth_verifier's sec_trailer that precedes auth_value.</summary>
    public const int SecurityTrailerSize = 8;

    /// <summary>drep[0] high nibble: 1 = little-endian integers (C706 14.1 (format label)).</summary>
    public bool IsLittleEndian => (DataRepresentation & 0xF0) == 0x10;

    /// <summary>C706 14.1 (format label): integers little-endian, characters ASCII, floats IEEE: the only representation we serve.</summary>
    public bool HasSupportedDataRepresentation
        => (DataRepresentation & 0xFF) == 0x10 && ((DataRepresentation >> 8) & 0xFF) == 0;

    /// <summary>Bytes of the PDU body between the header and the auth verifier, or -1 when auth_length does not fit.</summary>
    public int BodyLength
    {
        get
        {
            int trailer = AuthLength == 0 ? 0 : AuthLength + SecurityTrailerSize;
            int body = FragLength - Size - trailer;
            return body < 0 ? -1 : body;
        }
    }

    /// <summary>Reads the header only; the caller checks version, representation and frag_length against its rules.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out DcerpcHeader header, out NtStatus error)
    {
        header = default;
        if (buffer.Length < Size)
        {
            error = NtStatus.RpcProtocolError;
            return false;
        }
        uint drep = BinaryPrimitives.ReadUInt32LittleEndian(buffer.Slice(4, 4));
        bool littleEndian = (drep & 0xF0) == 0x10;
        header = new DcerpcHeader(
            buffer[0],
            buffer[1],
            (DcerpcPacketType)buffer[2],
            (DcerpcPfcFlags)buffer[3],
            drep,
            littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(8, 2)) : BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(8, 2)),
            littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(10, 2)) : BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(10, 2)),
            littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(buffer.Slice(12, 4)) : BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(12, 4)));
        error = NtStatus.Success;
        return true;
    }

    /// <summary>Writes a header in our own representation (version 5.0, little-endian/ASCII/IEEE).</summary>
    public static void Write(Span<byte> destination, DcerpcPacketType packetType, DcerpcPfcFlags flags, ushort fragLength, ushort authLength, uint callId)
    {
        destination[0] = Version;
        destination[1] = 0;
        destination[2] = (byte)packetType;
        destination[3] = (byte)flags;
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(4, 4), LittleEndianDataRepresentation);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(8, 2), fragLength);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(10, 2), authLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(12, 4), callId);
    }
}
