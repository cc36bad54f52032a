using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_FS_FULL_SIZE_INFORMATION (MS-FSCC 2.5), 32 bytes.
/// <code>
///  0                      8                                16                               24                         28               32
///  | TotalAllocationUnits | CallerAvailableAllocationUnits | ActualAvailableAllocationUnits | SectorsPerAllocationUnit | BytesPerSector |
/// </code>
/// CallerAvailable honours per-user quotas; without quotas it equals ActualAvailable.
/// </summary>
public readonly record struct FileFsFullSizeInformation(
    long TotalAllocationUnits, long CallerAvailableAllocationUnits, long ActualAvailableAllocationUnits,
    uint SectorsPerAllocationUnit, uint BytesPerSector)
{
    public const int Size = 32;

    public NtStatus Write(Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        BinaryPrimitives.WriteInt64LittleEndian(output, TotalAllocationUnits);
        BinaryPrimitives.WriteInt64LittleEndian(output[8..], CallerAvailableAllocationUnits);
        BinaryPrimitives.WriteInt64LittleEndian(output[16..], ActualAvailableAllocationUnits);
        BinaryPrimitives.WriteUInt32LittleEndian(output[24..], SectorsPerAllocationUnit);
        BinaryPrimitives.WriteUInt32LittleEndian(output[28..], BytesPerSector);
        written = Size;
        return NtStatus.Success;
    }
}
