namespace Protocol.Fscc;

/// <summary>
/// FileLinkInformation as SMB2 SET_INFO carries it: FILE_LINK_INFORMATION_TYPE_2 (MS-FSCC 2.4), the same
/// layout as the rename form (<see cref="FileRenameInformationType2"/>): create a hard link named FileName.
/// </summary>
public readonly record struct FileLinkInformation(bool ReplaceIfExists, ulong RootDirectory, string FileName)
{
    public const int FileNameOffset = FileRenameInformationType2.FileNameOffset;

    public int BinaryLength => FileNameOffset + FileName.Length * 2;

    /// <inheritdoc cref="FileRenameInformationType2.TryParse"/>
    public static bool TryParse(ReadOnlySpan<byte> input, out FileLinkInformation info, out NtStatus error)
    {
        bool ok = FileRenameInformationType2.TryParse(input, out bool replace, out ulong root, out string name, out error);
        info = ok ? new FileLinkInformation(replace, root, name) : default;
        return ok;
    }

    /// <summary>Encodes the request body (client side and tests); returns <see cref="BinaryLength"/>.</summary>
    public int Write(Span<byte> output) => FileRenameInformationType2.Write(ReplaceIfExists, RootDirectory, FileName, output);
}
