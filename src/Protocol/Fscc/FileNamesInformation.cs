using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_NAMES_INFORMATION (MS-FSCC 2.4): NextEntryOffset at 0, FileIndex at 4, FileNameLength at 8,
/// FileName at 12.
/// </summary>
public static class FileNamesInformation
{
    public const int FileNameOffset = 12;

    internal static void WriteFixed(Span<byte> e, uint fileIndex, int fileNameBytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(e[4..], fileIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(e[8..], (uint)fileNameBytes);
    }
}
