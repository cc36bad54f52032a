using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// The 64-byte head the detailed directory classes share (FILE_DIRECTORY_INFORMATION and the classes built
/// on it, MS-FSCC 2.4):
/// <code>
///  0                 4           8              16               24              32           40          48               56               60
///  | NextEntryOffset | FileIndex | CreationTime | LastAccessTime | LastWriteTime | ChangeTime | EndOfFile | AllocationSize | FileAttributes | FileNameLength |
/// </code>
/// NextEntryOffset is left 0; <see cref="EntryChain"/> links entries.
/// </summary>
internal static class DirectoryEntryCommon
{
    public const int EaSizeOffset = 64;

    public static void Write(Span<byte> e, in FileMetadata m, uint fileIndex, int fileNameBytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(e[4..], fileIndex);
        BinaryPrimitives.WriteInt64LittleEndian(e[8..], m.CreationTime);
        BinaryPrimitives.WriteInt64LittleEndian(e[16..], m.LastAccessTime);
        BinaryPrimitives.WriteInt64LittleEndian(e[24..], m.LastWriteTime);
        BinaryPrimitives.WriteInt64LittleEndian(e[32..], m.ChangeTime);
        BinaryPrimitives.WriteInt64LittleEndian(e[40..], m.EndOfFile);
        BinaryPrimitives.WriteInt64LittleEndian(e[48..], m.AllocationSize);
        BinaryPrimitives.WriteUInt32LittleEndian(e[56..], (uint)m.EffectiveAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(e[60..], (uint)fileNameBytes);
    }

    /// <summary>
    /// EaSize as the Full/Both/IdBoth/IdFull classes report it: for a reparse point the field carries the
    /// reparse tag instead (MS-FSA 2.1.5.6.3.x, "If Link.FileAttributes.FILE_ATTRIBUTE_REPARSE_POINT is set:
    /// Entry.EaSize set to Link.ReparseTag").
    /// </summary>
    public static void WriteEaSizeOrReparseTag(Span<byte> e, in FileMetadata m)
        => BinaryPrimitives.WriteUInt32LittleEndian(e[EaSizeOffset..],
            (m.FileAttributes & FileAttributes.ReparsePoint) != 0 ? m.ReparseTag : m.EaSize);

    /// <summary>ShortNameLength (1 byte) at 68, Reserved at 69, ShortName (24 bytes, zero-padded) at 70.</summary>
    public static void WriteShortName(Span<byte> e, ReadOnlySpan<char> shortName)
    {
        // DirectoryEntryWriter.TryAdd checked the length (at most 12 characters, 24 bytes).
        e[68] = (byte)(shortName.Length * 2);
        Utf16Le.Write(shortName, e[70..]);
    }
}
