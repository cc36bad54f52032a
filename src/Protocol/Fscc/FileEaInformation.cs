using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>FILE_EA_INFORMATION (MS-FSCC 2.4): EaSize, the combined size of the file's EAs. 4 bytes.</summary>
public static class FileEaInformation
{
    public const int Size = 4;

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
        => BinaryPrimitives.WriteUInt32LittleEndian(o, m.EaSize);
}
