using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_NAME_INFORMATION (MS-FSCC 2.1.7), returned by FileNameInformation and, with other names, by
/// FileAlternateNameInformation and FileNormalizedNameInformation, and the tail of FileAllInformation.
/// <code>
///  0                4
///  | FileNameLength | FileName (UTF-16LE, not terminated)
/// </code>
/// The fixed part is FileNameLength alone: an output smaller than 4 bytes is STATUS_INFO_LENGTH_MISMATCH
/// (MS-SMB2 3.3.5.20.1: "insufficient to hold the fixed length part"). When the name does not fit, as
/// many whole characters as fit are copied, FileNameLength still gives the full length (so the client can
/// retry with a large enough buffer) and the status is STATUS_BUFFER_OVERFLOW with that partial data
/// (MS-FSA FileNameInformation query).
/// </summary>
public static class FileNameInformation
{
    public const int FileNameOffset = 4;

    /// <summary>
    /// The smallest buffer the class answers: sizeof(FILE_NAME_INFORMATION) with its one-character
    /// name, padded to 4 (8 bytes). Below it Windows answers STATUS_INFO_LENGTH_MISMATCH, from it up
    /// to the whole name BUFFER_OVERFLOW (smbtorture smb2.getinfo.qfile_buffercheck).
    /// </summary>
    public const int MinimumSize = 8;

    public static NtStatus Write(ReadOnlySpan<char> fileName, Span<byte> output, out int written)
    {
        if (output.Length < MinimumSize)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        return WriteName(fileName, output, out written);
    }

    /// <summary>Writes FileNameLength and the name (possibly truncated) without the fixed-size check.</summary>
    internal static NtStatus WriteName(ReadOnlySpan<char> fileName, Span<byte> output, out int written)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(output, (uint)(fileName.Length * 2));
        int fitChars = Math.Min(fileName.Length, (output.Length - FileNameOffset) / 2);
        Utf16Le.Write(fileName[..fitChars], output[FileNameOffset..]);
        written = FileNameOffset + fitChars * 2;
        return fitChars < fileName.Length ? NtStatus.BufferOverflow : NtStatus.Success;
    }
}
