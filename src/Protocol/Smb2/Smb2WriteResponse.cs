using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 WRITE Response (MS-SMB2 2.2.22).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (17)  2  Reserved (2)  4  Count  8  Remaining
/// 12  WriteChannelInfoOffset (2)  14  WriteChannelInfoLength (2)  16  Buffer (unused)
/// </code>
/// The channel info fields are reserved in responses and are not checked.
/// </remarks>
public readonly record struct Smb2WriteResponse(uint Count, uint Remaining, ushort WriteChannelInfoOffset, ushort WriteChannelInfoLength)
{
    public const ushort StructureSize = 17;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2WriteResponse response, out NtStatus error)
    {
        response = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        response = new Smb2WriteResponse(
            BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt16LittleEndian(body[12..]),
            BinaryPrimitives.ReadUInt16LittleEndian(body[14..]));
        return true;
    }

    public int Write(Span<byte> message, int bodyOffset)
    {
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], Count);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], Remaining);
        BinaryPrimitives.WriteUInt16LittleEndian(body[12..], WriteChannelInfoOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(body[14..], WriteChannelInfoLength);
        body[16] = 0;
        return StructureSize;
    }
}
