using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// Appends variable-length entries that are linked by a leading 4-byte NextEntryOffset, as the directory
/// classes (8-byte aligned, MS-FSCC 2.4.x), FILE_STREAM_INFORMATION (8) and FILE_NOTIFY_INFORMATION (4)
/// lay them out: each entry starts at the next multiple of the alignment, padding bytes are zero, the
/// previous entry's NextEntryOffset is set when a new one follows, and the last entry keeps 0. No padding
/// follows the last entry ("No padding is required following the last data element").
/// </summary>
internal ref struct EntryChain
{
    private readonly Span<byte> _buffer;
    private readonly int _alignment;
    private int _lastEntry;
    private int _length;
    private int _count;

    public EntryChain(Span<byte> buffer, int alignment)
    {
        _buffer = buffer;
        _alignment = alignment;
        _lastEntry = -1;
    }

    /// <summary>Bytes used so far (end of the last entry).</summary>
    public readonly int Length => _length;

    public readonly int Count => _count;

    /// <summary>Where the next entry would start.</summary>
    public readonly int NextStart => _count == 0 ? 0 : (_length + _alignment - 1) & ~(_alignment - 1);

    /// <summary>Bytes left for the next entry (after its alignment padding).</summary>
    public readonly int Available => Math.Max(0, _buffer.Length - NextStart);

    /// <summary>
    /// Reserves <paramref name="size"/> zeroed bytes for a new entry and links it to the previous one.
    /// False, with nothing changed, when it does not fit.
    /// </summary>
    public bool TryAppend(int size, out Span<byte> entry)
    {
        int start = NextStart;
        if (start > _buffer.Length || size > _buffer.Length - start)
        {
            entry = default;
            return false;
        }
        _buffer[_length..start].Clear();
        if (_lastEntry >= 0)
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_lastEntry..], (uint)(start - _lastEntry));
        entry = _buffer.Slice(start, size);
        entry.Clear();
        _lastEntry = start;
        _length = start + size;
        _count++;
        return true;
    }
}
