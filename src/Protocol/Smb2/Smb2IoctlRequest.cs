using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 IOCTL Request (MS-SMB2 2.2.31).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (57)  2  Reserved (2)  4  CtlCode  8  FileId (16)
/// 24  InputOffset  28  InputCount  32  MaxInputResponse
/// 36  OutputOffset  40  OutputCount  44  MaxOutputResponse
/// 48  Flags  52  Reserved2  56  Buffer (input, then output)
/// </code>
/// </remarks>
public readonly record struct Smb2IoctlRequest(
    uint CtlCode,
    Smb2FileId FileId,
    uint InputOffset,
    uint InputCount,
    uint MaxInputResponse,
    uint OutputOffset,
    uint OutputCount,
    uint MaxOutputResponse,
    Smb2IoctlFlags Flags)
{
    public const ushort StructureSize = 57;

    public static int BufferStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2IoctlRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        int bufferStart = BufferStart(bodyOffset);
        uint inputOffset = BinaryPrimitives.ReadUInt32LittleEndian(body[24..]);
        uint inputCount = BinaryPrimitives.ReadUInt32LittleEndian(body[28..]);
        uint outputOffset = BinaryPrimitives.ReadUInt32LittleEndian(body[36..]);
        uint outputCount = BinaryPrimitives.ReadUInt32LittleEndian(body[40..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, bufferStart, inputOffset, inputCount)
            || !Smb2Wire.IsValidBuffer(message.Length, bufferStart, outputOffset, outputCount))
            return Smb2Wire.Invalid(out error);
        request = new Smb2IoctlRequest(
            CtlCode: BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            FileId: Smb2FileId.Read(body[8..]),
            InputOffset: inputOffset,
            InputCount: inputCount,
            MaxInputResponse: BinaryPrimitives.ReadUInt32LittleEndian(body[32..]),
            OutputOffset: outputOffset,
            OutputCount: outputCount,
            MaxOutputResponse: BinaryPrimitives.ReadUInt32LittleEndian(body[44..]),
            Flags: (Smb2IoctlFlags)BinaryPrimitives.ReadUInt32LittleEndian(body[48..]));
        return true;
    }

    public ReadOnlySpan<byte> GetInput(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, InputOffset, InputCount);

    public ReadOnlySpan<byte> GetOutput(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, OutputOffset, OutputCount);

    /// <summary>
    /// Writes the body with <paramref name="input"/> after the fixed part and <paramref name="output"/>
    /// at the next 8-byte boundary; offsets and counts of this value are computed. Returns the body length.
    /// </summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> input, ReadOnlySpan<byte> output = default)
    {
        int inputOffset = BufferStart(bodyOffset);
        int outputOffset = output.IsEmpty ? inputOffset + input.Length : Smb2Wire.Align8(inputOffset + input.Length);
        int bodyLength = Math.Max(outputOffset + output.Length - bodyOffset, StructureSize);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], CtlCode);
        FileId.Write(body[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], (uint)inputOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], (uint)input.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], MaxInputResponse);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], (uint)outputOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], (uint)output.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(body[44..], MaxOutputResponse);
        BinaryPrimitives.WriteUInt32LittleEndian(body[48..], (uint)Flags);
        message[inputOffset..(bodyOffset + bodyLength)].Clear();
        input.CopyTo(message[inputOffset..]);
        output.CopyTo(message[outputOffset..]);
        return bodyLength;
    }
}
