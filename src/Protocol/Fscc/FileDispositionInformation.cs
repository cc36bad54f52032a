namespace Protocol.Fscc;

/// <summary>
/// FILE_DISPOSITION_INFORMATION (MS-FSCC 2.4), 1 byte: DeletePending, nonzero to delete the file when the
/// last handle closes, zero to cancel that.
/// </summary>
public readonly record struct FileDispositionInformation(bool DeletePending)
{
    public const int Size = 1;

    /// <summary>Empty input: STATUS_INFO_LENGTH_MISMATCH.</summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out FileDispositionInformation info, out NtStatus error)
    {
        info = default;
        if (input.Length < Size)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        info = new FileDispositionInformation(input[0] != 0);
        error = NtStatus.Success;
        return true;
    }
}
