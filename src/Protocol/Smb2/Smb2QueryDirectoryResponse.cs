namespace Protocol.Smb2;

/// <summary>
/// SMB2 QUERY_DIRECTORY Response (MS-SMB2 2.2.34). The buffer holds the directory entries of the requested FileInformationClass (MS-FSCC 2.4).
/// </summary>
/// <remarks>The layout is shared with the other output-buffer responses: see <see cref="Smb2OutputBufferBody"/>.</remarks>
public readonly record struct Smb2QueryDirectoryResponse(ushort OutputBufferOffset, uint OutputBufferLength)
{
    public const ushort StructureSize = Smb2OutputBufferBody.StructureSize;

    public static int OutputBufferStart(int bodyOffset) => Smb2OutputBufferBody.OutputBufferStart(bodyOffset);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2QueryDirectoryResponse response, out NtStatus error)
    {
        bool ok = Smb2OutputBufferBody.TryParse(message, bodyOffset, out ushort offset, out uint length, out error);
        response = ok ? new Smb2QueryDirectoryResponse(offset, length) : default;
        return ok;
    }

    public ReadOnlySpan<byte> GetOutputBuffer(ReadOnlySpan<byte> message)
        => Smb2Wire.Slice(message, OutputBufferOffset, OutputBufferLength);

    /// <summary>Writes the body with a copy of <paramref name="output"/>; returns the body length.</summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> output)
        => Smb2OutputBufferBody.Write(message, bodyOffset, output);

    /// <summary>Writes the body around output the caller placed at <see cref="OutputBufferStart"/>; returns the body length.</summary>
    public int WriteFixedPart(Span<byte> message, int bodyOffset, int outputLength)
        => Smb2OutputBufferBody.WriteFixedPart(message, bodyOffset, outputLength);
}
