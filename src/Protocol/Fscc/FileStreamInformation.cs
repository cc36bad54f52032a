using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>One stream of a file, as FileStreamInformation lists it: the name is ":name:$DATA" (or "::$DATA").</summary>
public readonly record struct FileStreamEntry(string StreamName, long StreamSize, long StreamAllocationSize);

/// <summary>
/// FILE_STREAM_INFORMATION (MS-FSCC 2.4): a chain of entries, each 8-byte aligned.
/// <code>
///  0                 4                  8            16                     24
///  | NextEntryOffset | StreamNameLength | StreamSize | StreamAllocationSize | StreamName (UTF-16LE)
/// </code>
/// An output below the 24-byte fixed part is STATUS_INFO_LENGTH_MISMATCH. Entries are written whole; the
/// first one that does not fit stops the list with STATUS_BUFFER_OVERFLOW and the entries before it
/// (MS-FSA FileStreamInformation query).
/// </summary>
public static class FileStreamInformation
{
    public const int StreamNameOffset = 24;
    public const int Alignment = 8;

    /// <summary>The name of the unnamed data stream of a file.</summary>
    public const string DefaultDataStreamName = "::$DATA";

    /// <summary>
    /// The streams of a file without alternate data streams: "::$DATA" with the file's sizes for a file,
    /// and no entry at all for a directory (a directory has no data stream), which is 0 bytes and success.
    /// </summary>
    public static NtStatus Write(in FileMetadata m, Span<byte> output, out int written)
    {
        if (m.IsDirectory)
            return Write(ReadOnlySpan<FileStreamEntry>.Empty, output, out written);
        ReadOnlySpan<FileStreamEntry> streams = [new FileStreamEntry(DefaultDataStreamName, m.EndOfFile, m.AllocationSize)];
        return Write(streams, output, out written);
    }

    /// <summary>sizeof(FILE_STREAM_INFORMATION) with its one-character name, padded to 8: the smallest buffer answered.</summary>
    public const int MinimumSize = 32;

    public static NtStatus Write(ReadOnlySpan<FileStreamEntry> streams, Span<byte> output, out int written)
    {
        if (output.Length < MinimumSize)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        var chain = new EntryChain(output, Alignment);
        foreach (var stream in streams)
        {
            int nameBytes = stream.StreamName.Length * 2;
            if (!chain.TryAppend(StreamNameOffset + nameBytes, out Span<byte> entry))
            {
                written = chain.Length;
                return NtStatus.BufferOverflow;
            }
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], (uint)nameBytes);
            BinaryPrimitives.WriteInt64LittleEndian(entry[8..], stream.StreamSize);
            BinaryPrimitives.WriteInt64LittleEndian(entry[16..], stream.StreamAllocationSize);
            Utf16Le.Write(stream.StreamName, entry[StreamNameOffset..]);
        }
        written = chain.Length;
        return NtStatus.Success;
    }
}
