using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_ID_BOTH_DIR_INFORMATION (MS-FSCC 2.4): the common head, EaSize at 64, ShortNameLength at 68,
/// Reserved1 at 69, ShortName (24 bytes) at 70, Reserved2 (2) at 94, FileId (8) at 96, FileName at 104.
/// </summary>
public static class FileIdBothDirectoryInformation
{
    public const int FileIdOffset = 96;
    public const int FileNameOffset = 104;

    internal static void WriteFixed(Span<byte> e, in FileMetadata m, uint fileIndex, int fileNameBytes, ReadOnlySpan<char> shortName)
    {
        DirectoryEntryCommon.Write(e, m, fileIndex, fileNameBytes);
        DirectoryEntryCommon.WriteEaSizeOrReparseTag(e, m);
        DirectoryEntryCommon.WriteShortName(e, shortName);
        BinaryPrimitives.WriteUInt64LittleEndian(e[FileIdOffset..], m.IndexNumber);
    }
}
