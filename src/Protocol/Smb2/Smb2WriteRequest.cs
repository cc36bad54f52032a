using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 WRITE Request (MS-SMB2 2.2.21). The data is exposed as (<see cref="DataOffset"/>,
/// <see cref="Length"/>) into the message so the server can hand it to the backend without a copy.
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (49)  2  DataOffset (2)  4  Length
///  8  Offset (8)  16  FileId (16)
/// 32  Channel  36  RemainingBytes  40  WriteChannelInfoOffset (2)  42  WriteChannelInfoLength (2)
/// 44  Flags  48  Buffer (data; channel info, RDMA only)
/// </code>
/// </remarks>
public readonly record struct Smb2WriteRequest(
    ushort DataOffset,
    uint Length,
    ulong Offset,
    Smb2FileId FileId,
    Smb2Channel Channel,
    uint RemainingBytes,
    ushort WriteChannelInfoOffset,
    ushort WriteChannelInfoLength,
    Smb2WriteFlags Flags)
{
    public const ushort StructureSize = 49;

    public static int DataStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2WriteRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        int bufferStart = DataStart(bodyOffset);
        ushort dataOffset = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        ushort channelOffset = BinaryPrimitives.ReadUInt16LittleEndian(body[40..]);
        ushort channelLength = BinaryPrimitives.ReadUInt16LittleEndian(body[42..]);
        // MS-SMB2 3.3.5.13: data outside the request fails with STATUS_INVALID_PARAMETER.
        if (!Smb2Wire.IsValidBuffer(message.Length, bufferStart, dataOffset, length)
            || !Smb2Wire.IsValidBuffer(message.Length, bufferStart, channelOffset, channelLength))
            return Smb2Wire.Invalid(out error);
        request = new Smb2WriteRequest(
            DataOffset: dataOffset,
            Length: length,
            Offset: BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            FileId: Smb2FileId.Read(body[16..]),
            Channel: (Smb2Channel)BinaryPrimitives.ReadUInt32LittleEndian(body[32..]),
            RemainingBytes: BinaryPrimitives.ReadUInt32LittleEndian(body[36..]),
            WriteChannelInfoOffset: channelOffset,
            WriteChannelInfoLength: channelLength,
            Flags: (Smb2WriteFlags)BinaryPrimitives.ReadUInt32LittleEndian(body[44..]));
        return true;
    }

    public ReadOnlySpan<byte> GetData(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, DataOffset, Length);

    public ReadOnlySpan<byte> GetWriteChannelInfo(ReadOnlySpan<byte> message)
        => Smb2Wire.Slice(message, WriteChannelInfoOffset, WriteChannelInfoLength);

    /// <summary>
    /// Writes the body with <paramref name="data"/> after the fixed part (no channel info); DataOffset,
    /// Length and the channel info fields of this value are computed. Returns the body length.
    /// </summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> data)
    {
        int bodyLength = Smb2Wire.BodyLength(StructureSize, data.Length);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        int dataOffset = DataStart(bodyOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], Smb2Wire.CheckedUInt16(dataOffset, "DataOffset"));
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)data.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], Offset);
        FileId.Write(body[16..]);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], (uint)Channel);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], RemainingBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(body[44..], (uint)Flags);
        Smb2Wire.WriteBuffer(message, dataOffset, data, StructureSize);
        return bodyLength;
    }
}
