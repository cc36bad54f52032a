using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_COMPRESSION_INFORMATION (MS-FSCC 2.4), 16 bytes.
/// <code>
///  0                    8                   10                     11           12             13         16
///  | CompressedFileSize | CompressionFormat | CompressionUnitShift | ChunkShift | ClusterShift | Reserved |
/// </code>
/// We do not compress: CompressionFormat is COMPRESSION_FORMAT_NONE, the shifts are 0 and
/// CompressedFileSize is the file size (what an uncompressed stream reports, MS-FSA FileCompressionInformation).
/// </summary>
public static class FileCompressionInformation
{
    public const int Size = 16;
    public const ushort CompressionFormatNone = 0x0000;
    public const ushort CompressionFormatLznt1 = 0x0002;

    public static NtStatus Write(in FileMetadata m, Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        Span<byte> o = output[..Size];
        o.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(o, m.EndOfFile);
        BinaryPrimitives.WriteUInt16LittleEndian(o[8..], CompressionFormatNone);
        written = Size;
        return NtStatus.Success;
    }
}
