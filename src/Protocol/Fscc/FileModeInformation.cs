using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>FILE_MODE_INFORMATION (MS-FSCC 2.4): the open's Mode flags. 4 bytes, queried and set.</summary>
public readonly record struct FileModeInformation(FileModeFlags Mode)
{
    public const int Size = 4;

    /// <summary>The flags SET_INFO may change (MS-FSA, SetFileInformation: FileModeInformation); FILE_DELETE_ON_CLOSE is query-only.</summary>
    public const FileModeFlags SettableFlags = FileModeFlags.WriteThrough | FileModeFlags.SequentialOnly
        | FileModeFlags.NoIntermediateBuffering | FileModeFlags.SynchronousIoAlert | FileModeFlags.SynchronousIoNonalert;

    public NtStatus Write(Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(output, (uint)Mode);
        written = Size;
        return NtStatus.Success;
    }

    /// <summary>
    /// SET_INFO decoder: under 4 bytes STATUS_INFO_LENGTH_MISMATCH; a flag outside <see cref="SettableFlags"/>
    /// STATUS_INVALID_PARAMETER. Whether the synchronous flags match how the file was opened needs the open
    /// (MS-FSA, SetFileInformation: FileModeInformation) and is the caller's check.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out FileModeInformation info, out NtStatus error)
    {
        info = default;
        if (input.Length < Size)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        var mode = (FileModeFlags)BinaryPrimitives.ReadUInt32LittleEndian(input);
        if ((mode & ~SettableFlags) != 0)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        info = new FileModeInformation(mode);
        error = NtStatus.Success;
        return true;
    }
}
