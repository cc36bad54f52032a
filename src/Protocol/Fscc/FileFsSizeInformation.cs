using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_FS_SIZE_INFORMATION (MS-FSCC 2.5), 24 bytes.
/// <code>
///  0                      8                          16                         20               24
///  | TotalAllocationUnits | AvailableAllocationUnits | SectorsPerAllocationUnit | BytesPerSector |
/// </code>
/// </summary>
public readonly record struct FileFsSizeInformation(
    long TotalAllocationUnits, long AvailableAllocationUnits, uint SectorsPerAllocationUnit, uint BytesPerSector)
{
    public const int Size = 24;

    public NtStatus Write(Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        BinaryPrimitives.WriteInt64LittleEndian(output, TotalAllocationUnits);
        BinaryPrimitives.WriteInt64LittleEndian(output[8..], AvailableAllocationUnits);
        BinaryPrimitives.WriteUInt32LittleEndian(output[16..], SectorsPerAllocationUnit);
        BinaryPrimitives.WriteUInt32LittleEndian(output[20..], BytesPerSector);
        written = Size;
        return NtStatus.Success;
    }
}
