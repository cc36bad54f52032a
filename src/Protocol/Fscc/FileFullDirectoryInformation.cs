namespace Protocol.Fscc;

/// <summary>FILE_FULL_DIR_INFORMATION (MS-FSCC 2.4): the common head, EaSize at 64, FileName at 68.</summary>
public static class FileFullDirectoryInformation
{
    public const int FileNameOffset = 68;

    internal static void WriteFixed(Span<byte> e, in FileMetadata m, uint fileIndex, int fileNameBytes)
    {
        DirectoryEntryCommon.Write(e, m, fileIndex, fileNameBytes);
        DirectoryEntryCommon.WriteEaSizeOrReparseTag(e, m);
    }
}
