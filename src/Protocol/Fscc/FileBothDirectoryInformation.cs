namespace Protocol.Fscc;

/// <summary>
/// FILE_BOTH_DIR_INFORMATION (MS-FSCC 2.4): the common head, EaSize at 64, ShortNameLength at 68 (1 byte),
/// Reserved at 69, ShortName (24 bytes) at 70, FileName at 94.
/// </summary>
public static class FileBothDirectoryInformation
{
    public const int FileNameOffset = 94;

    internal static void WriteFixed(Span<byte> e, in FileMetadata m, uint fileIndex, int fileNameBytes, ReadOnlySpan<char> shortName)
    {
        DirectoryEntryCommon.Write(e, m, fileIndex, fileNameBytes);
        DirectoryEntryCommon.WriteEaSizeOrReparseTag(e, m);
        DirectoryEntryCommon.WriteShortName(e, shortName);
    }
}
