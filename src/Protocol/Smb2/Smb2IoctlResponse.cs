using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 IOCTL Response (MS-SMB2 2.2.32).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (49)  2  Reserved (2)  4  CtlCode  8  FileId (16)
/// 24  InputOffset  28  InputCount  32  OutputOffset  36  OutputCount
/// 40  Flags  44  Reserved2  48  Buffer (input, then output)
/// </code>
/// </remarks>
public readonly record struct Smb2IoctlResponse(
    uint CtlCode,
    Smb2FileId FileId,
    uint InputOffset,
    uint InputCount,
    uint OutputOffset,
    uint OutputCount,
    Smb2IoctlFlags Flags)
{
    public const ushort StructureSize = 49;

    /// <summary>Where the buffer starts (112 for a body at 64); with no input, the output goes here.</summary>
    public static int BufferStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2IoctlResponse response, out NtStatus error)
    {
        response = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        int bufferStart = BufferStart(bodyOffset);
        uint inputOffset = BinaryPrimitives.ReadUInt32LittleEndian(body[24..]);
        uint inputCount = BinaryPrimitives.ReadUInt32LittleEndian(body[28..]);
        uint outputOffset = BinaryPrimitives.ReadUInt32LittleEndian(body[32..]);
        uint outputCount = BinaryPrimitives.ReadUInt32LittleEndian(body[36..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, bufferStart, inputOffset, inputCount)
            || !Smb2Wire.IsValidBuffer(message.Length, bufferStart, outputOffset, outputCount))
            return Smb2Wire.Invalid(out error);
        response = new Smb2IoctlResponse(
            CtlCode: BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            FileId: Smb2FileId.Read(body[8..]),
            InputOffset: inputOffset,
            InputCount: inputCount,
            OutputOffset: outputOffset,
            OutputCount: outputCount,
            Flags: (Smb2IoctlFlags)BinaryPrimitives.ReadUInt32LittleEndian(body[40..]));
        return true;
    }

    public ReadOnlySpan<byte> GetInput(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, InputOffset, InputCount);

    public ReadOnlySpan<byte> GetOutput(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, OutputOffset, OutputCount);

    /// <summary>
    /// Writes the body with <paramref name="input"/> after the fixed part and <paramref name="output"/>
    /// at the next 8-byte boundary; offsets and counts of this value are computed. Returns the body length.
    /// </summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> input, ReadOnlySpan<byte> output)
    {
        int inputOffset = BufferStart(bodyOffset);
        int outputOffset = output.IsEmpty ? inputOffset + input.Length : Smb2Wire.Align8(inputOffset + input.Length);
        int bodyLength = Math.Max(outputOffset + output.Length - bodyOffset, StructureSize);
        WriteFields(message, bodyOffset, bodyLength, inputOffset, input.Length, outputOffset, output.Length);
        message[inputOffset..(bodyOffset + bodyLength)].Clear();
        input.CopyTo(message[inputOffset..]);
        output.CopyTo(message[outputOffset..]);
        return bodyLength;
    }

    /// <summary>
    /// Writes the body around <paramref name="outputCount"/> output bytes the caller placed at
    /// <see cref="BufferStart"/>, with no input (the usual FSCTL answer). Returns the body length.
    /// </summary>
    public int WriteFixedPart(Span<byte> message, int bodyOffset, int outputCount)
    {
        int start = BufferStart(bodyOffset);
        int bodyLength = Smb2Wire.BodyLength(StructureSize, outputCount);
        WriteFields(message, bodyOffset, bodyLength, start, 0, start, outputCount);
        Smb2Wire.WritePadIfEmpty(message, start, outputCount, StructureSize);
        return bodyLength;
    }

    private void WriteFields(Span<byte> message, int bodyOffset, int bodyLength, int inputOffset, int inputCount,
        int outputOffset, int outputCount)
    {
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], CtlCode);
        FileId.Write(body[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], (uint)inputOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], (uint)inputCount);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], (uint)outputOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], (uint)outputCount);
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], (uint)Flags);
    }
}
