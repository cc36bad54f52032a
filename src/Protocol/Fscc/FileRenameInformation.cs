namespace Protocol.Fscc;

/// <summary>
/// FileRenameInformation as SMB2 SET_INFO carries it: FILE_RENAME_INFORMATION_TYPE_2 (MS-FSCC 2.4,
/// layout in <see cref="FileRenameInformationType2"/>). MS-SMB2 2.2.39: RootDirectory is reserved for SMB2
/// (the name is a full path from the share root); it is exposed as received.
/// </summary>
public readonly record struct FileRenameInformation(bool ReplaceIfExists, ulong RootDirectory, string FileName)
{
    public const int FileNameOffset = FileRenameInformationType2.FileNameOffset;

    public int BinaryLength => FileNameOffset + FileName.Length * 2;

    /// <inheritdoc cref="FileRenameInformationType2.TryParse"/>
    public static bool TryParse(ReadOnlySpan<byte> input, out FileRenameInformation info, out NtStatus error)
    {
        bool ok = FileRenameInformationType2.TryParse(input, out bool replace, out ulong root, out string name, out error);
        info = ok ? new FileRenameInformation(replace, root, name) : default;
        return ok;
    }

    /// <summary>Encodes the request body (client side and tests); returns <see cref="BinaryLength"/>.</summary>
    public int Write(Span<byte> output) => FileRenameInformationType2.Write(ReplaceIfExists, RootDirectory, FileName, output);
}
