namespace Protocol.Fscc;

/// <summary>
/// FileNormalizedNameInformation (MS-FSCC 2.4): the path from the share root with long names in on-disk case,
/// in a FILE_NAME_INFORMATION (MS-FSCC 2.1.7), with its truncation rules. MS-SMB2 3.3.5.20.1: only dialect
/// 3.1.1 may ask for it; that check is the caller's.
/// </summary>
public static class FileNormalizedNameInformation
{
    public static NtStatus Write(ReadOnlySpan<char> normalizedName, Span<byte> output, out int written)
        => FileNameInformation.Write(normalizedName, output, out written);
}
