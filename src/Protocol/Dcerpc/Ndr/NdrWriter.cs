using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Protocol.Dcerpc.Ndr;

/// <summary>
/// Writes NDR 2.0 (C706 chapter 14) in the little-endian/ASCII/IEEE representation into a growable buffer that a
/// pipe reuses from call to call. Every primitive is aligned to its own size relative to the start of the stub,
/// padding is zero. Non-null pointers get referent ids 0x00020000, 0x00020004, ... in marshalling order, the
/// numbering Windows and Samba use, so our stubs compare byte for byte with theirs.
/// <para>
/// The caller drives the NDR order: a top-level pointer's pointee right after it, pointees embedded in a structure
/// or array after the whole structure or array (C706 14.3, embedded pointers); for an array of structures, all
/// the elements' scalars first, then each element's pointees in element order.
/// </para>
/// </summary>
public sealed class NdrWriter
{
    private const uint FirstReferentId = 0x00020000;

    private byte[] _buffer;
    private int _length;
    private uint _nextReferentId = FirstReferentId;
    private Dictionary<object, uint>? _fullPointers;

    public NdrWriter(int initialCapacity = 256) => _buffer = new byte[Math.Max(16, initialCapacity)];

    public int Length => _length;
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Starts a new stub: empties the buffer (keeping its capacity) and restarts referent ids.</summary>
    public void Reset()
    {
        _length = 0;
        _nextReferentId = FirstReferentId;
        _fullPointers?.Clear();
    }

    public void Align(int alignment)
    {
        int aligned = (_length + alignment - 1) & ~(alignment - 1);
        Span<byte> padding = Grow(aligned - _length);
        padding.Clear();
    }

    public void WriteByte(byte value) => Grow(1)[0] = value;

    public void WriteUInt16(ushort value)
    {
        Align(2);
        BinaryPrimitives.WriteUInt16LittleEndian(Grow(2), value);
    }

    public void WriteUInt32(uint value)
    {
        Align(4);
        BinaryPrimitives.WriteUInt32LittleEndian(Grow(4), value);
    }

    public void WriteInt32(int value) => WriteUInt32((uint)value);

    public void WriteUInt64(ulong value)
    {
        Align(8);
        BinaryPrimitives.WriteUInt64LittleEndian(Grow(8), value);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grow(bytes.Length));

    /// <summary>
    /// A unique pointer, or a ref pointer embedded in a structure (C706 14.3, pointers): writes a fresh referent
    /// id when <paramref name="present"/>, else NULL (0). Returns <paramref name="present"/>, so the caller knows
    /// whether to write the pointee at its deferred position.
    /// </summary>
    public bool WritePointer(bool present)
    {
        WriteUInt32(present ? NextReferentId() : 0);
        return present;
    }

    /// <summary>
    /// A full pointer ([ptr], C706 14.3, full pointers): the same object always gets the same referent id. Returns
    /// true when the pointee must follow (first appearance), false for NULL or an alias of a pointee already written.
    /// </summary>
    public bool WriteFullPointer(object? pointee)
    {
        if (pointee is null)
        {
            WriteUInt32(0);
            return false;
        }
        _fullPointers ??= new Dictionary<object, uint>(ReferenceEqualityComparer.Instance);
        if (_fullPointers.TryGetValue(pointee, out uint existing))
        {
            WriteUInt32(existing);
            return false;
        }
        uint id = NextReferentId();
        _fullPointers.Add(pointee, id);
        WriteUInt32(id);
        return true;
    }

    /// <summary>The max_count that precedes a conformant array's elements (C706 14.3, conformant arrays).</summary>
    public void WriteConformance(uint count) => WriteUInt32(count);

    /// <summary>
    /// The pointee of a [string] wchar_t*: max_count, offset 0, actual_count, then the UTF-16 units and a
    /// terminating NUL, both counts including the NUL as Windows and Samba send them (C706 14.3, strings).
    /// </summary>
    public void WriteConformantVaryingString(string value)
    {
        uint count = (uint)value.Length + 1;
        WriteUInt32(count);
        WriteUInt32(0);
        WriteUInt32(count);
        Span<byte> units = Grow((int)count * 2);
        for (int i = 0; i < value.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(units.Slice(i * 2, 2), value[i]);
        units[^2] = 0;
        units[^1] = 0;
    }

    private uint NextReferentId()
    {
        uint id = _nextReferentId;
        _nextReferentId += 4;
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Grow(int count)
    {
        if (_buffer.Length - _length < count)
        {
            int capacity = Math.Max(_buffer.Length * 2, _length + count);
            Array.Resize(ref _buffer, capacity);
        }
        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
