using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 SET_INFO Request (MS-SMB2 2.2.39).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (33)  2  InfoType (1)  3  FileInfoClass (1)  4  BufferLength
///  8  BufferOffset (2)  10  Reserved (2)  12  AdditionalInformation  16  FileId (16)
/// 32  Buffer: the information to set
/// </code>
/// </remarks>
public readonly record struct Smb2SetInfoRequest(
    Smb2InfoType InfoType,
    byte FileInfoClass,
    uint BufferLength,
    ushort BufferOffset,
    uint AdditionalInformation,
    Smb2FileId FileId)
{
    public const ushort StructureSize = 33;

    public static int BufferStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2SetInfoRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        ushort offset = BinaryPrimitives.ReadUInt16LittleEndian(body[8..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, BufferStart(bodyOffset), offset, length))
            return Smb2Wire.Invalid(out error);
        request = new Smb2SetInfoRequest(
            InfoType: (Smb2InfoType)body[2],
            FileInfoClass: body[3],
            BufferLength: length,
            BufferOffset: offset,
            AdditionalInformation: BinaryPrimitives.ReadUInt32LittleEndian(body[12..]),
            FileId: Smb2FileId.Read(body[16..]));
        return true;
    }

    public ReadOnlySpan<byte> GetBuffer(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, BufferOffset, BufferLength);

    /// <summary>Writes the body with <paramref name="buffer"/>; the buffer fields of this value are computed. Returns the body length.</summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> buffer)
    {
        int bodyLength = Smb2Wire.BodyLength(StructureSize, buffer.Length);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        int offset = BufferStart(bodyOffset);
        body[2] = (byte)InfoType;
        body[3] = FileInfoClass;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)buffer.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(body[8..], Smb2Wire.CheckedUInt16(offset, "BufferOffset"));
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], AdditionalInformation);
        FileId.Write(body[16..]);
        Smb2Wire.WriteBuffer(message, offset, buffer, StructureSize);
        return bodyLength;
    }
}
