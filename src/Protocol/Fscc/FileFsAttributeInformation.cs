using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_FS_ATTRIBUTE_INFORMATION (MS-FSCC 2.5.1).
/// <code>
///  0                      4                            8                      12
///  | FileSystemAttributes | MaximumComponentNameLength | FileSystemNameLength | FileSystemName (UTF-16LE)
/// </code>
/// Under <see cref="MinimumLength"/> (16: the structure with its first name character, padded to 4
/// bytes, the size Windows checks; smbtorture smb2.getinfo.qfs_buffercheck): STATUS_INFO_LENGTH_MISMATCH;
/// a name that does not fit is truncated with
/// FileSystemNameLength still the full length and STATUS_BUFFER_OVERFLOW (MS-FSA FileFsAttributeInformation).
/// </summary>
public readonly record struct FileFsAttributeInformation(
    FileSystemAttributes FileSystemAttributes, uint MaximumComponentNameLength, string FileSystemName)
{
    public const int FileSystemNameOffset = 12;

    /// <summary>The smallest output buffer accepted: sizeof(FILE_FS_ATTRIBUTE_INFORMATION).</summary>
    public const int MinimumLength = 16;

    /// <summary>
    /// The attributes we claim by default, each of which the server honours:
    /// FILE_CASE_PRESERVED_NAMES (names keep the case they were created with) and FILE_UNICODE_ON_DISK
    /// (names are Unicode), and FILE_PERSISTENT_ACLS because QUERY_INFO returns a security descriptor for every
    /// file (synthesised from the POSIX mode), which is what makes Windows show the Security tab, as Samba
    /// does by default. Deliberately not claimed: FILE_CASE_SENSITIVE_SEARCH (name lookup is
    /// case-insensitive), FILE_SUPPORTS_SPARSE_FILES, FILE_NAMED_STREAMS, FILE_SUPPORTS_REPARSE_POINTS,
    /// FILE_SUPPORTS_OBJECT_IDS (none of those FSCTLs or streams are implemented).
    /// </summary>
    public const FileSystemAttributes DefaultAttributes =
        FileSystemAttributes.CasePreservedNames | FileSystemAttributes.UnicodeOnDisk | FileSystemAttributes.PersistentAcls;

    /// <summary>
    /// What a share reports unless configured otherwise: the default attributes, 255-character components
    /// (the Linux NAME_MAX) and "NTFS", the name Samba reports by default, because some Windows
    /// applications refuse features on file systems with other names.
    /// </summary>
    public static FileFsAttributeInformation Default { get; } = new(DefaultAttributes, 255, "NTFS");

    public NtStatus Write(Span<byte> output, out int written)
    {
        if (output.Length < MinimumLength)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        string name = FileSystemName ?? string.Empty;
        BinaryPrimitives.WriteUInt32LittleEndian(output, (uint)FileSystemAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], MaximumComponentNameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], (uint)(name.Length * 2));
        int fitChars = Math.Min(name.Length, (output.Length - FileSystemNameOffset) / 2);
        Utf16Le.Write(name.AsSpan(0, fitChars), output[FileSystemNameOffset..]);
        written = FileSystemNameOffset + fitChars * 2;
        return fitChars < name.Length ? NtStatus.BufferOverflow : NtStatus.Success;
    }
}
