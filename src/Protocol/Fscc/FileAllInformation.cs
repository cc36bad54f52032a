using System.Buffers.Binary;
using Protocol.Security;

namespace Protocol.Fscc;

/// <summary>
/// FILE_ALL_INFORMATION (MS-FSCC 2.4): the other query classes back to back, each at its natural offset.
/// <code>
///  0      BasicInformation      (40)
///  40     StandardInformation   (24)
///  64     InternalInformation   (8)
///  72     EaInformation         (4)
///  76     AccessInformation     (4)
///  80     PositionInformation   (8)
///  88     ModeInformation       (4)
///  92     AlignmentInformation  (4)
///  96     NameInformation.FileNameLength (4)
///  100    NameInformation.FileName (variable)
/// </code>
/// MS-SMB2 3.3.5.20.1: an output that cannot hold the fixed 100 bytes is STATUS_INFO_LENGTH_MISMATCH; one
/// that holds them but not the whole name gets the fixed part and as much of the name as fits, with
/// STATUS_BUFFER_OVERFLOW.
/// </summary>
public static class FileAllInformation
{
    public const int BasicOffset = 0;
    public const int StandardOffset = 40;
    public const int InternalOffset = 64;
    public const int EaOffset = 72;
    public const int AccessOffset = 76;
    public const int PositionOffset = 80;
    public const int ModeOffset = 88;
    public const int AlignmentOffset = 92;
    public const int NameOffset = 96;

    /// <summary>FieldOffset(NameInformation.FileName): the fixed part.</summary>
    public const int FileNameOffset = NameOffset + FileNameInformation.FileNameOffset;

    /// <summary>The smallest buffer answered: the fixed part and one name character, padded to 8 (104).</summary>
    public const int MinimumSize = 104;

    /// <param name="m">The file.</param>
    /// <param name="accessFlags">The access granted to the open (AccessInformation).</param>
    /// <param name="currentByteOffset">PositionInformation; an SMB2 server SHOULD pass 0 (MS-SMB2 3.3.5.20.1).</param>
    /// <param name="mode">The open's mode flags (ModeInformation).</param>
    /// <param name="alignmentRequirement">AlignmentInformation, usually FILE_BYTE_ALIGNMENT (0).</param>
    /// <param name="fileName">The name for NameInformation: the path from the share root, e.g. "\dir\file.txt".</param>
    public static NtStatus Write(in FileMetadata m, AccessMask accessFlags, long currentByteOffset, FileModeFlags mode,
        uint alignmentRequirement, ReadOnlySpan<char> fileName, Span<byte> output, out int written)
    {
        // sizeof(FILE_ALL_INFORMATION) with its one-character name, padded to 8: below it
        // STATUS_INFO_LENGTH_MISMATCH, as Windows answers (smbtorture smb2.getinfo.qfile_buffercheck).
        if (output.Length < MinimumSize)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        FileBasicInformation.FromMetadata(m).WriteFixed(output[BasicOffset..]);
        FileStandardInformation.WriteFixed(m, output[StandardOffset..]);
        FileInternalInformation.WriteFixed(m, output[InternalOffset..]);
        FileEaInformation.WriteFixed(m, output[EaOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[AccessOffset..], (uint)accessFlags);
        BinaryPrimitives.WriteInt64LittleEndian(output[PositionOffset..], currentByteOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(output[ModeOffset..], (uint)mode);
        BinaryPrimitives.WriteUInt32LittleEndian(output[AlignmentOffset..], alignmentRequirement);
        NtStatus status = FileNameInformation.WriteName(fileName, output[NameOffset..], out int nameWritten);
        written = NameOffset + nameWritten;
        return status;
    }
}
