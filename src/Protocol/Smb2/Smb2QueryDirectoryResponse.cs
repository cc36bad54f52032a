using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 QUERY_DIRECTORY Response (MS-SMB2 2.2.34). The buffer holds the directory entries of the requested FileInformationClass (MS-FSCC 2.4).
/// </summary>
/// <remarks>
/// <code>
/// 0  StructureSize (9)  2  OutputBufferOffset (2)  4  OutputBufferLength (4)  8  Buffer
/// </code>
/// </remarks>
public readonly record struct Smb2QueryDirectoryResponse(ushort OutputBufferOffset, uint OutputBufferLength)
{
    public const ushort StructureSize = 9;

    /// <summary>Where the output goes: 72 for a body at 64, 8-byte aligned, so entries can be built in place.</summary>
    public static int OutputBufferStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2QueryDirectoryResponse response, out NtStatus error)
    {
        response = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        ushort offset = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, OutputBufferStart(bodyOffset), offset, length))
            return Smb2Wire.Invalid(out error);
        response = new Smb2QueryDirectoryResponse(offset, length);
        return true;
    }

    public ReadOnlySpan<byte> GetOutputBuffer(ReadOnlySpan<byte> message)
        => Smb2Wire.Slice(message, OutputBufferOffset, OutputBufferLength);

    /// <summary>Writes the body with a copy of <paramref name="output"/>; returns the body length.</summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> output)
    {
        int bodyLength = WriteFixedPart(message, bodyOffset, output.Length);
        output.CopyTo(message[OutputBufferStart(bodyOffset)..]);
        return bodyLength;
    }

    /// <summary>
    /// Writes the body around <paramref name="outputLength"/> bytes the caller placed at
    /// <see cref="OutputBufferStart"/>; the fields of this value are computed. Returns the body length.
    /// </summary>
    public int WriteFixedPart(Span<byte> message, int bodyOffset, int outputLength)
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
