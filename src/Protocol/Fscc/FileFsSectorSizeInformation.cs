using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_FS_SECTOR_SIZE_INFORMATION (MS-FSCC 2.5), 28 bytes: seven 32-bit fields in declaration order.
/// </summary>
public readonly record struct FileFsSectorSizeInformation(
    uint LogicalBytesPerSector,
    uint PhysicalBytesPerSectorForAtomicity,
    uint PhysicalBytesPerSectorForPerformance,
    uint FileSystemEffectivePhysicalBytesPerSectorForAtomicity,
    uint Flags,
    uint ByteOffsetForSectorAlignment,
    uint ByteOffsetForPartitionAlignment)
{
    public const int Size = 28;

    public const uint SsinfoFlagsAlignedDevice = 0x00000001;
    public const uint SsinfoFlagsPartitionAlignedOnDevice = 0x00000002;
    public const uint SsinfoFlagsNoSeekPenalty = 0x00000004;
    public const uint SsinfoFlagsTrimEnabled = 0x00000008;

    /// <summary>SSINFO_OFFSET_UNKNOWN: the alignment offset is not known.</summary>
    public const uint SsinfoOffsetUnknown = 0xFFFFFFFF;

    /// <summary>A device with one sector size for everything, aligned at offset 0.</summary>
    public static FileFsSectorSizeInformation ForSectorSize(uint bytesPerSector)
        => new(bytesPerSector, bytesPerSector, bytesPerSector, bytesPerSector,
            SsinfoFlagsAlignedDevice | SsinfoFlagsPartitionAlignedOnDevice, 0, 0);

    public NtStatus Write(Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(output, LogicalBytesPerSector);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], PhysicalBytesPerSectorForAtomicity);
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], PhysicalBytesPerSectorForPerformance);
        BinaryPrimitives.WriteUInt32LittleEndian(output[12..], FileSystemEffectivePhysicalBytesPerSectorForAtomicity);
        BinaryPrimitives.WriteUInt32LittleEndian(output[16..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(output[20..], ByteOffsetForSectorAlignment);
        BinaryPrimitives.WriteUInt32LittleEndian(output[24..], ByteOffsetForPartitionAlignment);
        written = Size;
        return NtStatus.Success;
    }
}
