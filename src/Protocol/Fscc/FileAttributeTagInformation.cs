using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_ATTRIBUTE_TAG_INFORMATION (MS-FSCC 2.4), 8 bytes: FileAttributes, then ReparseTag (0 unless the file
/// is a reparse point).
/// </summary>
public static class FileAttributeTagInformation
{
    public const int Size = 8;

    public static NtStatus Write(in FileMetadata m, Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        FileAttributes attributes = m.EffectiveAttributes;
        BinaryPrimitives.WriteUInt32LittleEndian(output, (uint)attributes);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..],
            (attributes & FileAttributes.ReparsePoint) != 0 ? m.ReparseTag : 0);
        written = Size;
        return NtStatus.Success;
    }
}
