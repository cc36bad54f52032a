using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_STANDARD_INFORMATION (MS-FSCC 2.4), 24 bytes.
/// <code>
///  0                8           16              20              21          22         24
///  | AllocationSize | EndOfFile | NumberOfLinks | DeletePending | Directory | Reserved |
/// </code>
/// </summary>
public static class FileStandardInformation
{
    public const int Size = 24;

    public static NtStatus Write(in FileMetadata m, Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        WriteFixed(m, output);
        written = Size;
        return NtStatus.Success;
    }

    internal static void WriteFixed(in FileMetadata m, Span<byte> o)
    {
        BinaryPrimitives.WriteInt64LittleEndian(o, m.AllocationSize);
        BinaryPrimitives.WriteInt64LittleEndian(o[8..], m.EndOfFile);
        BinaryPrimitives.WriteUInt32LittleEndian(o[16..], m.NumberOfLinks);
        o[20] = m.DeletePending ? (byte)1 : (byte)0;
        o[21] = m.IsDirectory ? (byte)1 : (byte)0;
        o[22] = 0;
        o[23] = 0;
    }
}
