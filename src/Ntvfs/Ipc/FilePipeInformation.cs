using System.Buffers.Binary;
using Protocol;

namespace Ntvfs.Ipc;

/// <summary>
/// FILE_PIPE_INFORMATION (MS-FSCC 2.4, FilePipeInformation), 8 bytes, queried and set on a pipe open.
/// <code>
///  0          4                8
///  | ReadMode | CompletionMode |
/// </code>
/// </summary>
public readonly record struct FilePipeInformation(PipeReadMode ReadMode, PipeCompletionMode CompletionMode)
{
    public const int Size = 8;

    /// <summary>
    /// INFO_LENGTH_MISMATCH when the buffer is shorter than the structure (MS-FSCC 2.4: the fixed part must be
    /// there), INVALID_PARAMETER for a mode outside the two each field defines.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out FilePipeInformation info, out NtStatus error)
    {
        info = default;
        if (buffer.Length < Size)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        uint readMode = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        uint completionMode = BinaryPrimitives.ReadUInt32LittleEndian(buffer[4..]);
        if (readMode > (uint)PipeReadMode.Message || completionMode > (uint)PipeCompletionMode.Complete)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        info = new FilePipeInformation((PipeReadMode)readMode, (PipeCompletionMode)completionMode);
        error = NtStatus.Success;
        return true;
    }

    public NtStatus Write(Span<byte> output, out int written)
    {
        written = 0;
        if (output.Length < Size) return NtStatus.InfoLengthMismatch;
        BinaryPrimitives.WriteUInt32LittleEndian(output, (uint)ReadMode);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], (uint)CompletionMode);
        written = Size;
        return NtStatus.Success;
    }
}
