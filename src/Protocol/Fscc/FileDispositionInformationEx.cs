using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>FILE_DISPOSITION_INFORMATION_EX (MS-FSCC 2.4), 4 bytes: Flags.</summary>
public readonly record struct FileDispositionInformationEx(FileDispositionFlags Flags)
{
    public const int Size = 4;

    public const FileDispositionFlags DefinedFlags = FileDispositionFlags.Delete | FileDispositionFlags.PosixSemantics
        | FileDispositionFlags.ForceImageSectionCheck | FileDispositionFlags.OnClose
        | FileDispositionFlags.IgnoreReadOnlyAttribute;

    /// <summary>Under 4 bytes: STATUS_INFO_LENGTH_MISMATCH; an undefined flag: STATUS_INVALID_PARAMETER.</summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out FileDispositionInformationEx info, out NtStatus error)
    {
        info = default;
        if (input.Length < Size)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        var flags = (FileDispositionFlags)BinaryPrimitives.ReadUInt32LittleEndian(input);
        if ((flags & ~DefinedFlags) != 0)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        info = new FileDispositionInformationEx(flags);
        error = NtStatus.Success;
        return true;
    }
}
