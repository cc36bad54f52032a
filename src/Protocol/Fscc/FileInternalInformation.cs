using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>FILE_INTERNAL_INFORMATION (MS-FSCC 2.4): IndexNumber, the 64-bit file id. 8 bytes.</summary>
public static class FileInternalInformation
{
    public const int Size = 8;

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
        => BinaryPrimitives.WriteUInt64LittleEndian(o, m.IndexNumber);
}
