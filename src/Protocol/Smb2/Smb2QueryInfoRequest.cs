using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 QUERY_INFO Request (MS-SMB2 2.2.37).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (41)  2  InfoType (1)  3  FileInfoClass (1)  4  OutputBufferLength
///  8  InputBufferOffset (2)  10  Reserved (2)  12  InputBufferLength
/// 16  AdditionalInformation  20  Flags  24  FileId (16)  40  Buffer (input: EA names, quota SIDs)
/// </code>
/// </remarks>
public readonly record struct Smb2QueryInfoRequest(
    Smb2InfoType InfoType,
    byte FileInfoClass,
    uint OutputBufferLength,
    ushort InputBufferOffset,
    uint InputBufferLength,
    uint AdditionalInformation,
    uint Flags,
    Smb2FileId FileId)
{
    public const ushort StructureSize = 41;

    public static int InputBufferStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2QueryInfoRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        ushort inputOffset = BinaryPrimitives.ReadUInt16LittleEndian(body[8..]);
        uint inputLength = BinaryPrimitives.ReadUInt32LittleEndian(body[12..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, InputBufferStart(bodyOffset), inputOffset, inputLength))
            return Smb2Wire.Invalid(out error);
        request = new Smb2QueryInfoRequest(
            InfoType: (Smb2InfoType)body[2],
            FileInfoClass: body[3],
            OutputBufferLength: BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            InputBufferOffset: inputOffset,
            InputBufferLength: inputLength,
            AdditionalInformation: BinaryPrimitives.ReadUInt32LittleEndian(body[16..]),
            Flags: BinaryPrimitives.ReadUInt32LittleEndian(body[20..]),
            FileId: Smb2FileId.Read(body[24..]));
        return true;
    }

    public ReadOnlySpan<byte> GetInputBuffer(ReadOnlySpan<byte> message)
        => Smb2Wire.Slice(message, InputBufferOffset, InputBufferLength);

    /// <summary>Writes the body with <paramref name="input"/>; the input fields of this value are computed. Returns the body length.</summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> input = default)
    {
        int bodyLength = Smb2Wire.BodyLength(StructureSize, input.Length);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        int inputOffset = InputBufferStart(bodyOffset);
        body[2] = (byte)InfoType;
        body[3] = FileInfoClass;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], OutputBufferLength);
        BinaryPrimitives.WriteUInt16LittleEndian(body[8..], input.IsEmpty ? (ushort)0 : Smb2Wire.CheckedUInt16(inputOffset, "InputBufferOffset"));
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], (uint)input.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(body[16..], AdditionalInformation);
        BinaryPrimitives.WriteUInt32LittleEndian(body[20..], Flags);
        FileId.Write(body[24..]);
        Smb2Wire.WriteBuffer(message, inputOffset, input, StructureSize);
        return bodyLength;
    }
}
