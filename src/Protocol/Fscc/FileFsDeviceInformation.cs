using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_FS_DEVICE_INFORMATION (MS-FSCC 2.5), 8 bytes: DeviceType, then Characteristics.
/// A share backed by a directory is a disk: FILE_DEVICE_DISK.
/// </summary>
public readonly record struct FileFsDeviceInformation(uint DeviceType, DeviceCharacteristics Characteristics)
{
    public const int Size = 8;

    public const uint FileDeviceCdRom = 0x00000002;
    public const uint FileDeviceDisk = 0x00000007;

    /// <summary>What a disk share reports: FILE_DEVICE_DISK, mounted (MS-FSCC 2.5 characteristics).</summary>
    public static FileFsDeviceInformation Disk { get; } = new(FileDeviceDisk, DeviceCharacteristics.DeviceIsMounted);

    public NtStatus Write(Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(output, DeviceType);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], (uint)Characteristics);
        written = Size;
        return NtStatus.Success;
    }
}
