using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_POSITION_INFORMATION (MS-FSCC 2.4): CurrentByteOffset of the open. 8 bytes, queried and set.
/// MS-SMB2 3.3.5.20.1: an SMB2 server SHOULD report 0, since SMB2 reads and writes carry their own offset.
/// </summary>
public readonly record struct FilePositionInformation(long CurrentByteOffset)
{
    public const int Size = 8;

    public NtStatus Write(Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        BinaryPrimitives.WriteInt64LittleEndian(output, CurrentByteOffset);
        written = Size;
        return NtStatus.Success;
    }

    /// <summary>
    /// SET_INFO decoder: under 8 bytes STATUS_INFO_LENGTH_MISMATCH; a negative offset STATUS_INVALID_PARAMETER
    /// (MS-FSA, SetFileInformation: FilePositionInformation). The sector alignment rule for FILE_NO_INTERMEDIATE_BUFFERING opens is the caller's.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out FilePositionInformation info, out NtStatus error)
    {
        info = default;
        if (input.Length < Size)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        long offset = BinaryPrimitives.ReadInt64LittleEndian(input);
        if (offset < 0)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        info = new FilePositionInformation(offset);
        error = NtStatus.Success;
        return true;
    }
}
