namespace Protocol.Fscc;

/// <summary>
/// Fills the output buffer of an SMB2 QUERY_DIRECTORY response (MS-SMB2 3.3.5.18) with entries of one
/// directory information class, the way MS-FSA 2.1.5.6.3 lays them out: each entry 8-byte aligned, zero
/// padding between entries and none after the last, NextEntryOffset chaining the entries and 0 in the last.
///
/// The caller feeds entries one by one. <see cref="TryAdd"/> returns false when the entry was not added,
/// because it does not fit or because single-entry mode already holds one; the caller keeps that entry
/// for the next QUERY_DIRECTORY. If the very first entry does not fit, MS-FSA returns as much of it as
/// fits (its fixed part and the start of its name, with FileNameLength giving the full length) with
/// STATUS_BUFFER_OVERFLOW; the writer does the same and then accepts nothing more: <see cref="Status"/>
/// is BufferOverflow and <see cref="BytesWritten"/> covers the partial entry.
///
/// A ref struct over the caller's span: it lives on the stack of one request.
/// </summary>
public ref struct DirectoryEntryWriter
{
    /// <summary>MS-FSCC 2.4: "each MUST be aligned on an 8-byte boundary".</summary>
    public const int Alignment = 8;

    private readonly Span<byte> _output;
    private readonly FileInformationClass _class;
    private readonly bool _returnSingleEntry;
    private EntryChain _chain;
    private int _partialLength;

    private DirectoryEntryWriter(Span<byte> output, FileInformationClass infoClass, bool returnSingleEntry)
    {
        _output = output;
        _class = infoClass;
        _returnSingleEntry = returnSingleEntry;
        _chain = new EntryChain(output, Alignment);
        _partialLength = -1;
    }

    /// <summary>
    /// Starts a writer over <paramref name="output"/> (sized to the request's OutputBufferLength).
    /// A class that is not a directory class is STATUS_INVALID_INFO_CLASS; an output that cannot hold the
    /// fixed part of one entry, FieldOffset(FileName), is STATUS_INFO_LENGTH_MISMATCH (MS-FSA 2.1.5.6.3.x).
    /// </summary>
    public static bool TryCreate(Span<byte> output, FileInformationClass infoClass, bool returnSingleEntry,
        out DirectoryEntryWriter writer, out NtStatus error)
    {
        writer = default;
        int fixedSize = FileNameOffsetOf(infoClass);
        if (fixedSize < 0)
        {
            error = NtStatus.InvalidInfoClass;
            return false;
        }
        if (output.Length < fixedSize)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        writer = new DirectoryEntryWriter(output, infoClass, returnSingleEntry);
        error = NtStatus.Success;
        return true;
    }

    /// <summary>Whether <paramref name="infoClass"/> is a directory enumeration class this writer encodes.</summary>
    public static bool IsSupported(FileInformationClass infoClass) => FileNameOffsetOf(infoClass) >= 0;

    /// <summary>FieldOffset(FileName) of the class: its fixed part. -1 for classes this writer does not encode.</summary>
    public static int FileNameOffsetOf(FileInformationClass infoClass) => infoClass switch
    {
        FileInformationClass.FileDirectoryInformation => FileDirectoryInformation.FileNameOffset,
        FileInformationClass.FileFullDirectoryInformation => FileFullDirectoryInformation.FileNameOffset,
        FileInformationClass.FileBothDirectoryInformation => FileBothDirectoryInformation.FileNameOffset,
        FileInformationClass.FileIdBothDirectoryInformation => FileIdBothDirectoryInformation.FileNameOffset,
        FileInformationClass.FileIdFullDirectoryInformation => FileIdFullDirectoryInformation.FileNameOffset,
        FileInformationClass.FileIdExtdDirectoryInformation => FileIdExtdDirectoryInformation.FileNameOffset,
        FileInformationClass.FileNamesInformation => FileNamesInformation.FileNameOffset,
        _ => -1,
    };

    /// <summary>Bytes of output used: the end of the last entry (or of the partial first entry).</summary>
    public readonly int BytesWritten => _partialLength >= 0 ? _partialLength : _chain.Length;

    /// <summary>Entries added whole.</summary>
    public readonly int Count => _chain.Count;

    /// <summary>True once no further entry can be added (single entry written, or first entry overflowed).</summary>
    public readonly bool IsComplete => _partialLength >= 0 || (_returnSingleEntry && _chain.Count == 1);

    /// <summary>
    /// STATUS_BUFFER_OVERFLOW when the first entry did not fit (partial entry written); otherwise success,
    /// including when nothing was added (the caller answers STATUS_NO_MORE_FILES / STATUS_NO_SUCH_FILE).
    /// </summary>
    public readonly NtStatus Status => _partialLength >= 0 ? NtStatus.BufferOverflow : NtStatus.Success;

    /// <summary>
    /// Appends one entry. <paramref name="fileName"/> is the entry's name (the last path component, or "."
    /// and ".."); <paramref name="shortName"/> the 8.3 name for the Both classes (at most 12 characters,
    /// empty when the file has none); <paramref name="fileIndex"/> is 0 on file systems without a stable
    /// position (MS-FSCC: "SHOULD be set to 0"). False when the entry was not added.
    /// </summary>
    public bool TryAdd(in FileMetadata m, scoped ReadOnlySpan<char> fileName, scoped ReadOnlySpan<char> shortName = default, uint fileIndex = 0)
    {
        if (shortName.Length > 12)
            throw new ArgumentException("An 8.3 short name has at most 12 characters.", nameof(shortName));
        if (IsComplete)
            return false;
        int fixedSize = FileNameOffsetOf(_class);
        int nameBytes = fileName.Length * 2;
        if (_chain.TryAppend(fixedSize + nameBytes, out Span<byte> entry))
        {
            WriteFixed(entry, m, fileIndex, nameBytes, shortName);
            Utf16Le.Write(fileName, entry[fixedSize..]);
            return true;
        }
        if (_chain.Count == 0)
        {
            // MS-FSA 2.1.5.6.3: the first entry is returned truncated, with STATUS_BUFFER_OVERFLOW.
            // TryCreate guaranteed the fixed part fits.
            int fitChars = (_output.Length - fixedSize) / 2;
            Span<byte> partial = _output[..(fixedSize + fitChars * 2)];
            partial.Clear();
            WriteFixed(partial, m, fileIndex, nameBytes, shortName);
            Utf16Le.Write(fileName[..fitChars], partial[fixedSize..]);
            _partialLength = partial.Length;
        }
        return false;
    }

    private readonly void WriteFixed(Span<byte> entry, in FileMetadata m, uint fileIndex, int nameBytes, ReadOnlySpan<char> shortName)
    {
        switch (_class)
        {
            case FileInformationClass.FileDirectoryInformation:
                FileDirectoryInformation.WriteFixed(entry, m, fileIndex, nameBytes);
                break;
            case FileInformationClass.FileFullDirectoryInformation:
                FileFullDirectoryInformation.WriteFixed(entry, m, fileIndex, nameBytes);
                break;
            case FileInformationClass.FileBothDirectoryInformation:
                FileBothDirectoryInformation.WriteFixed(entry, m, fileIndex, nameBytes, shortName);
                break;
            case FileInformationClass.FileIdBothDirectoryInformation:
                FileIdBothDirectoryInformation.WriteFixed(entry, m, fileIndex, nameBytes, shortName);
                break;
            case FileInformationClass.FileIdFullDirectoryInformation:
                FileIdFullDirectoryInformation.WriteFixed(entry, m, fileIndex, nameBytes);
                break;
            case FileInformationClass.FileIdExtdDirectoryInformation:
                FileIdExtdDirectoryInformation.WriteFixed(entry, m, fileIndex, nameBytes);
                break;
            case FileInformationClass.FileNamesInformation:
                FileNamesInformation.WriteFixed(entry, fileIndex, nameBytes);
                break;
        }
    }
}
