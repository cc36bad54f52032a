using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>FILE_END_OF_FILE_INFORMATION (MS-FSCC 2.4), 8 bytes: EndOfFile, the new file size.</summary>
public readonly record struct FileEndOfFileInformation(long EndOfFile)
{
    public const int Size = 8;

    /// <summary>Under 8 bytes: STATUS_INFO_LENGTH_MISMATCH; a negative size (above MAXLONGLONG): STATUS_INVALID_PARAMETER.</summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out FileEndOfFileInformation info, out NtStatus error)
    {
        info = default;
        if (input.Length < Size)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        long endOfFile = BinaryPrimitives.ReadInt64LittleEndian(input);
        if (endOfFile < 0)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        info = new FileEndOfFileInformation(endOfFile);
        error = NtStatus.Success;
        return true;
    }
}
