using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_BASIC_INFORMATION (MS-FSCC 2.4), 40 bytes, queried and set.
/// <code>
///  0              8                16              24           32               36         40
///  | CreationTime | LastAccessTime | LastWriteTime | ChangeTime | FileAttributes | Reserved |
/// </code>
/// In SET_INFO a time of 0 means "leave unchanged", -1 "stop updating this time automatically for this
/// handle" and -2 "resume automatic updates" (MS-FSCC 2.4); the values are exposed as they came.
/// </summary>
public readonly record struct FileBasicInformation(
    long CreationTime, long LastAccessTime, long LastWriteTime, long ChangeTime, FileAttributes FileAttributes)
{
    public const int Size = 40;

    /// <summary>SET_INFO time value: do not change this time.</summary>
    public const long TimeUnchanged = 0;

    /// <summary>SET_INFO time value: the server stops updating this time for operations on this handle.</summary>
    public const long TimeSuspendUpdates = -1;

    /// <summary>SET_INFO time value: the server resumes updating this time for operations on this handle.</summary>
    public const long TimeResumeUpdates = -2;

    /// <summary>FileAttributes value in SET_INFO that means "leave the attributes unchanged".</summary>
    public const FileAttributes AttributesUnchanged = FileAttributes.None;

    public static FileBasicInformation FromMetadata(in FileMetadata m)
        => new(m.CreationTime, m.LastAccessTime, m.LastWriteTime, m.ChangeTime, m.EffectiveAttributes);

    /// <summary>Query encoder: STATUS_INFO_LENGTH_MISMATCH when <paramref name="output"/> is under 40 bytes.</summary>
    public static NtStatus Write(in FileMetadata m, Span<byte> output, out int written)
        => FromMetadata(m).Write(output, out written);

    public NtStatus Write(Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        WriteFixed(output);
        written = Size;
        return NtStatus.Success;
    }

    internal void WriteFixed(Span<byte> o)
    {
        BinaryPrimitives.WriteInt64LittleEndian(o, CreationTime);
        BinaryPrimitives.WriteInt64LittleEndian(o[8..], LastAccessTime);
        BinaryPrimitives.WriteInt64LittleEndian(o[16..], LastWriteTime);
        BinaryPrimitives.WriteInt64LittleEndian(o[24..], ChangeTime);
        BinaryPrimitives.WriteUInt32LittleEndian(o[32..], (uint)FileAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(o[36..], 0);
    }

    /// <summary>
    /// SET_INFO decoder. Under 40 bytes: STATUS_INFO_LENGTH_MISMATCH. A time below -2 is
    /// STATUS_INVALID_PARAMETER (MS-FSA, SetFileInformation: FileBasicInformation). Whether the attributes suit the file (DIRECTORY on a
    /// file, TEMPORARY on a directory) needs the open and is the caller's check.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out FileBasicInformation info, out NtStatus error)
    {
        info = default;
        if (input.Length < Size)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        long creation = BinaryPrimitives.ReadInt64LittleEndian(input);
        long access = BinaryPrimitives.ReadInt64LittleEndian(input[8..]);
        long write = BinaryPrimitives.ReadInt64LittleEndian(input[16..]);
        long change = BinaryPrimitives.ReadInt64LittleEndian(input[24..]);
        if (creation < TimeResumeUpdates || access < TimeResumeUpdates || write < TimeResumeUpdates || change < TimeResumeUpdates)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        info = new FileBasicInformation(creation, access, write, change,
            (FileAttributes)BinaryPrimitives.ReadUInt32LittleEndian(input[32..]));
        error = NtStatus.Success;
        return true;
    }
}
