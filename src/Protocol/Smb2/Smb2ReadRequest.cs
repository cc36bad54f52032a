using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 READ Request (MS-SMB2 2.2.19).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (49)  2  Padding (1)  3  Flags (1)  4  Length
///  8  Offset (8)  16  FileId (16)
/// 32  MinimumCount  36  Channel  40  RemainingBytes
/// 44  ReadChannelInfoOffset (2)  46  ReadChannelInfoLength (2)  48  Buffer (channel info, RDMA only)
/// </code>
/// </remarks>
public readonly record struct Smb2ReadRequest(
    byte Padding,
    Smb2ReadFlags Flags,
    uint Length,
    ulong Offset,
    Smb2FileId FileId,
    uint MinimumCount,
    Smb2Channel Channel,
    uint RemainingBytes,
    ushort ReadChannelInfoOffset,
    ushort ReadChannelInfoLength)
{
    public const ushort StructureSize = 49;

    public static int ReadChannelInfoStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2ReadRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        ushort channelOffset = BinaryPrimitives.ReadUInt16LittleEndian(body[44..]);
        ushort channelLength = BinaryPrimitives.ReadUInt16LittleEndian(body[46..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, ReadChannelInfoStart(bodyOffset), channelOffset, channelLength))
            return Smb2Wire.Invalid(out error);
        request = new Smb2ReadRequest(
            Padding: body[2],
            Flags: (Smb2ReadFlags)body[3],
            Length: BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            Offset: BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            FileId: Smb2FileId.Read(body[16..]),
            MinimumCount: BinaryPrimitives.ReadUInt32LittleEndian(body[32..]),
            Channel: (Smb2Channel)BinaryPrimitives.ReadUInt32LittleEndian(body[36..]),
            RemainingBytes: BinaryPrimitives.ReadUInt32LittleEndian(body[40..]),
            ReadChannelInfoOffset: channelOffset,
            ReadChannelInfoLength: channelLength);
        return true;
    }

    public ReadOnlySpan<byte> GetReadChannelInfo(ReadOnlySpan<byte> message)
        => Smb2Wire.Slice(message, ReadChannelInfoOffset, ReadChannelInfoLength);

    /// <summary>Writes the body; the channel info fields of this value are computed. Returns the body length.</summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> readChannelInfo = default)
    {
        int bodyLength = Smb2Wire.BodyLength(StructureSize, readChannelInfo.Length);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        int channelOffset = ReadChannelInfoStart(bodyOffset);
        body[2] = Padding;
        body[3] = (byte)Flags;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], Length);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], Offset);
        FileId.Write(body[16..]);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], MinimumCount);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], (uint)Channel);
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], RemainingBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(body[44..], readChannelInfo.IsEmpty ? (ushort)0 : Smb2Wire.CheckedUInt16(channelOffset, "ReadChannelInfoOffset"));
        BinaryPrimitives.WriteUInt16LittleEndian(body[46..], Smb2Wire.CheckedUInt16(readChannelInfo.Length, "ReadChannelInfoLength"));
        Smb2Wire.WriteBuffer(message, channelOffset, readChannelInfo, StructureSize);
        return bodyLength;
    }
}
