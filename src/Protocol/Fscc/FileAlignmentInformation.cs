using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_ALIGNMENT_INFORMATION (MS-FSCC 2.4): AlignmentRequirement, the buffer alignment the device needs
/// for unbuffered I/O. 4 bytes. A server over a regular file system reports FILE_BYTE_ALIGNMENT.
/// </summary>
public static class FileAlignmentInformation
{
    public const int Size = 4;

    public const uint FileByteAlignment = 0x00000000;
    public const uint FileWordAlignment = 0x00000001;
    public const uint FileLongAlignment = 0x00000003;
    public const uint FileQuadAlignment = 0x00000007;
    public const uint FileOctaAlignment = 0x0000000F;
    public const uint File32ByteAlignment = 0x0000001F;
    public const uint File64ByteAlignment = 0x0000003F;
    public const uint File128ByteAlignment = 0x0000007F;
    public const uint File256ByteAlignment = 0x000000FF;
    public const uint File512ByteAlignment = 0x000001FF;

    public static NtStatus Write(uint alignmentRequirement, Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(output, alignmentRequirement);
        written = Size;
        return NtStatus.Success;
    }
}
