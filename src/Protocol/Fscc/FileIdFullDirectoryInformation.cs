using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_ID_FULL_DIR_INFORMATION (MS-FSCC 2.4): the common head, EaSize at 64, Reserved (4) at 68,
/// FileId (8) at 72, FileName at 80.
/// </summary>
public static class FileIdFullDirectoryInformation
{
    public const int FileIdOffset = 72;
    public const int FileNameOffset = 80;

    internal static void WriteFixed(Span<byte> e, in FileMetadata m, uint fileIndex, int fileNameBytes)
    {
        DirectoryEntryCommon.Write(e, m, fileIndex, fileNameBytes);
        DirectoryEntryCommon.WriteEaSizeOrReparseTag(e, m);
        BinaryPrimitives.WriteUInt64LittleEndian(e[FileIdOffset..], m.IndexNumber);
    }
}
