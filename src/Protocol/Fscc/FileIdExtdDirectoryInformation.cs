using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_ID_EXTD_DIR_INFORMATION (MS-FSCC 2.4): the common head, EaSize at 64, ReparsePointTag at 68,
/// FileId (16, a FILE_ID_128: the 64-bit id in the low half) at 72, FileName at 88. Unlike the older
/// classes, EaSize and the reparse tag have separate fields here.
/// </summary>
public static class FileIdExtdDirectoryInformation
{
    public const int ReparsePointTagOffset = 68;
    public const int FileIdOffset = 72;
    public const int FileNameOffset = 88;

    internal static void WriteFixed(Span<byte> e, in FileMetadata m, uint fileIndex, int fileNameBytes)
    {
        DirectoryEntryCommon.Write(e, m, fileIndex, fileNameBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(e[DirectoryEntryCommon.EaSizeOffset..], m.EaSize);
        BinaryPrimitives.WriteUInt32LittleEndian(e[ReparsePointTagOffset..],
            (m.FileAttributes & FileAttributes.ReparsePoint) != 0 ? m.ReparseTag : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(e[FileIdOffset..], m.IndexNumber);
        BinaryPrimitives.WriteUInt64LittleEndian(e[(FileIdOffset + 8)..], 0);
    }
}
