using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// The layout FILE_RENAME_INFORMATION_TYPE_2 and FILE_LINK_INFORMATION_TYPE_2 share (MS-FSCC 2.4, the
/// 64-bit forms that SMB2 SET_INFO carries, MS-SMB2 2.2.39):
/// <code>
///  0                 1          8               16               20
///  | ReplaceIfExists | Reserved | RootDirectory | FileNameLength | FileName (UTF-16LE)
/// </code>
/// </summary>
internal static class FileRenameInformationType2
{
    public const int FileNameOffset = 20;

    /// <summary>
    /// Under 20 bytes: STATUS_INFO_LENGTH_MISMATCH. A FileNameLength that is odd, zero, or runs past the
    /// input: STATUS_INVALID_PARAMETER. Whether the name itself is valid is the caller's check.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out bool replaceIfExists, out ulong rootDirectory,
        out string fileName, out NtStatus error)
    {
        replaceIfExists = false;
        rootDirectory = 0;
        fileName = string.Empty;
        if (input.Length < FileNameOffset)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(input[16..]);
        if (nameLength == 0 || (nameLength & 1) != 0 || nameLength > (uint)(input.Length - FileNameOffset))
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        replaceIfExists = input[0] != 0;
        rootDirectory = BinaryPrimitives.ReadUInt64LittleEndian(input[8..]);
        fileName = Utf16Le.Read(input.Slice(FileNameOffset, (int)nameLength));
        error = NtStatus.Success;
        return true;
    }

    public static int Write(bool replaceIfExists, ulong rootDirectory, string fileName, Span<byte> output)
    {
        int size = FileNameOffset + fileName.Length * 2;
        if (output.Length < size)
            throw new ArgumentException("Output too small.", nameof(output));
        output[..FileNameOffset].Clear();
        output[0] = replaceIfExists ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], rootDirectory);
        BinaryPrimitives.WriteUInt32LittleEndian(output[16..], (uint)(fileName.Length * 2));
        Utf16Le.Write(fileName, output[FileNameOffset..]);
        return size;
    }
}
