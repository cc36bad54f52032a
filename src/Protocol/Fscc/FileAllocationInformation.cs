using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>FILE_ALLOCATION_INFORMATION (MS-FSCC 2.4), 8 bytes: AllocationSize, the space to reserve.</summary>
public readonly record struct FileAllocationInformation(long AllocationSize)
{
    public const int Size = 8;

    /// <summary>Under 8 bytes: STATUS_INFO_LENGTH_MISMATCH; a negative size: STATUS_INVALID_PARAMETER.</summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out FileAllocationInformation info, out NtStatus error)
    {
        info = default;
        if (input.Length < Size)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        long size = BinaryPrimitives.ReadInt64LittleEndian(input);
        if (size < 0)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        info = new FileAllocationInformation(size);
        error = NtStatus.Success;
        return true;
    }
}
