using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// The body that QUERY_INFO (2.2.38), QUERY_DIRECTORY (2.2.34) and CHANGE_NOTIFY (2.2.36) responses
/// share: StructureSize 9, OutputBufferOffset (2), OutputBufferLength (4), then the buffer.
/// Each response type keeps its spec name and delegates its parsing and writing here.
/// </summary>
/// <remarks>
/// <code>
/// 0  StructureSize (9)  2  OutputBufferOffset (2)  4  OutputBufferLength (4)  8  Buffer
/// </code>
/// </remarks>
public static class Smb2OutputBufferBody
{
    public const ushort StructureSize = 9;

    /// <summary>Where the output goes: 72 for a body at 64, 8-byte aligned, so entries can be built in place.</summary>
    public static int OutputBufferStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out ushort offset, out uint length, out NtStatus error)
    {
        offset = 0;
        length = 0;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        offset = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        length = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, OutputBufferStart(bodyOffset), offset, length))
            return Smb2Wire.Invalid(out error);
        return true;
    }

    /// <summary>Writes the body with a copy of <paramref name="output"/>; returns the body length.</summary>
    public static int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> output)
    {
        int bodyLength = WriteFixedPart(message, bodyOffset, output.Length);
        output.CopyTo(message[OutputBufferStart(bodyOffset)..]);
        return bodyLength;
    }

    /// <summary>
    /// Writes the body around <paramref name="outputLength"/> bytes the caller placed at
    /// <see cref="OutputBufferStart"/>. Returns the body length.
    /// </summary>
    public static int WriteFixedPart(Span<byte> message, int bodyOffset, int outputLength)
    {
        int start = OutputBufferStart(bodyOffset);
        int bodyLength = Smb2Wire.BodyLength(StructureSize, outputLength);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], Smb2Wire.CheckedUInt16(start, "OutputBufferOffset"));
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)outputLength);
        Smb2Wire.WritePadIfEmpty(message, start, outputLength, StructureSize);
        return bodyLength;
    }
}
