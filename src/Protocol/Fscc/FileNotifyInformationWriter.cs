using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// Builds the FILE_NOTIFY_INFORMATION list of an SMB2 CHANGE_NOTIFY response (MS-FSCC 2.7.1, MS-SMB2 2.2.36).
/// <code>
///  0                 4        8                12
///  | NextEntryOffset | Action | FileNameLength | FileName (UTF-16LE, relative to the watched directory)
/// </code>
/// Entries are 4-byte aligned ("each MUST be aligned on a 4-byte boundary"), chained by NextEntryOffset,
/// 0 in the last. <see cref="TryAdd"/> returns false when an entry does not fit; MS-SMB2 3.3.5.19 then has
/// the server drop the list and answer STATUS_NOTIFY_ENUM_DIR, which is the caller's decision.
/// </summary>
public ref struct FileNotifyInformationWriter
{
    public const int FileNameOffset = 12;
    public const int Alignment = 4;

    private EntryChain _chain;

    public FileNotifyInformationWriter(Span<byte> output)
    {
        _chain = new EntryChain(output, Alignment);
    }

    public readonly int BytesWritten => _chain.Length;
    public readonly int Count => _chain.Count;

    public bool TryAdd(FileAction action, ReadOnlySpan<char> fileName)
    {
        int nameBytes = fileName.Length * 2;
        if (!_chain.TryAppend(FileNameOffset + nameBytes, out Span<byte> entry))
            return false;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], (uint)action);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)nameBytes);
        Utf16Le.Write(fileName, entry[FileNameOffset..]);
        return true;
    }
}
