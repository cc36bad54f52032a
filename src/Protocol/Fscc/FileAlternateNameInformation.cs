namespace Protocol.Fscc;

/// <summary>
/// FileAlternateNameInformation (MS-FSCC 2.4): the file's 8.3 short name in a FILE_NAME_INFORMATION
/// (MS-FSCC 2.1.7), with its truncation rules. A file without a short name is the caller's
/// STATUS_OBJECT_NAME_NOT_FOUND, not an empty name.
/// </summary>
public static class FileAlternateNameInformation
{
    public static NtStatus Write(ReadOnlySpan<char> shortName, Span<byte> output, out int written)
        => FileNameInformation.Write(shortName, output, out written);
}
