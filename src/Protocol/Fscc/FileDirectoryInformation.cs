namespace Protocol.Fscc;

/// <summary>FILE_DIRECTORY_INFORMATION (MS-FSCC 2.4): the common 64-byte head, then FileName at 64.</summary>
public static class FileDirectoryInformation
{
    public const int FileNameOffset = 64;

    internal static void WriteFixed(Span<byte> e, in FileMetadata m, uint fileIndex, int fileNameBytes)
        => DirectoryEntryCommon.Write(e, m, fileIndex, fileNameBytes);
}
