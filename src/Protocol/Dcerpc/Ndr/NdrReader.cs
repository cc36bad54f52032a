using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Protocol.Dcerpc.Ndr;

/// <summary>
/// Reads NDR 2.0 (C706 chapter 14) in the little-endian/ASCII/IEEE representation from a request stub. Every
/// primitive is aligned to its own size relative to the start of the stub (C706 14.2.2), every read is
/// bounds-checked, and every count from the wire is checked against the bytes that remain before anything is
/// allocated. Methods return false on malformed input and leave the position unspecified; the caller then
/// answers with nca_s_fault_ndr.
/// <para>
/// Deferred pointees follow the usual NDR order, which the caller drives: a top-level pointer's pointee comes right
/// after it; pointees embedded in a structure or array come after the whole structure or array (C706 14.3,
/// embedded pointers).
/// </para>
/// </summary>
public ref struct NdrReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;
    private HashSet<uint>? _fullPointerIds;

    public NdrReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        _fullPointerIds = null;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Skips padding up to the next multiple of <paramref name="alignment"/> (1, 2, 4 or 8).</summary>
    public bool TryAlign(int alignment)
    {
        int aligned = (_position + alignment - 1) & ~(alignment - 1);
        if (aligned > _buffer.Length) return false;
        _position = aligned;
        return true;
    }

    public bool TryReadByte(out byte value)
    {
        value = 0;
        if (Remaining < 1) return false;
        value = _buffer[_position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        value = 0;
        if (!TryAlign(2) || Remaining < 2) return false;
        value = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Slice(_position, 2));
        _position += 2;
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        value = 0;
        if (!TryAlign(4) || Remaining < 4) return false;
        value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return true;
    }

    public bool TryReadInt32(out int value)
    {
        bool ok = TryReadUInt32(out uint raw);
        value = (int)raw;
        return ok;
    }

    public bool TryReadUInt64(out ulong value)
    {
        value = 0;
        if (!TryAlign(8) || Remaining < 8) return false;
        value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Slice(_position, 8));
        _position += 8;
        return true;
    }

    /// <summary>Reads <paramref name="count"/> raw octets (a byte array's elements).</summary>
    public bool TryReadBytes(int count, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (count < 0 || Remaining < count) return false;
        bytes = _buffer.Slice(_position, count);
        _position += count;
        return true;
    }

    /// <summary>
    /// Reads the 4-octet representation of a unique pointer, or of a ref pointer embedded in a structure
    /// (C706 14.3, pointers): 0 is NULL, anything else is a referent id whose pointee the caller reads at the
    /// deferred position. A top-level ref pointer has no representation and is not read at all.
    /// </summary>
    public bool TryReadPointer(out uint referentId) => TryReadUInt32(out referentId);

    /// <summary>An embedded ref pointer: as <see cref="TryReadPointer"/>, but NULL is malformed (C706 14.3, pointers).</summary>
    public bool TryReadRefPointer(out uint referentId) => TryReadUInt32(out referentId) && referentId != 0;

    /// <summary>
    /// A full pointer ([ptr], C706 14.3, full pointers): the pointee follows only the first time a referent id
    /// appears; a repeated id aliases the pointee already read, and NULL has none.
    /// </summary>
    public bool TryReadFullPointer(out uint referentId, out bool pointeeFollows)
    {
        pointeeFollows = false;
        if (!TryReadUInt32(out referentId)) return false;
        if (referentId == 0) return true;
        _fullPointerIds ??= [];
        pointeeFollows = _fullPointerIds.Add(referentId);
        return true;
    }

    /// <summary>
    /// A top-level [string, unique] wchar_t* parameter (such as ServerName): the pointer, then at once its pointee
    /// when it is not NULL (C706 14.3, top-level pointers: top-level pointees are not deferred). NULL reads as null.
    /// </summary>
    public bool TryReadTopLevelUniqueString(out string? value)
    {
        value = null;
        if (!TryReadPointer(out uint referentId)) return false;
        if (referentId == 0) return true;
        bool ok = TryReadConformantVaryingString(out string text);
        value = text;
        return ok;
    }

    /// <summary>
    /// The max_count of a conformant array (C706 14.3, conformant arrays). Rejects a count whose elements, at
    /// <paramref name="minimumElementSize"/> octets each, could not fit in what remains of the stub.
    /// </summary>
    public bool TryReadConformance(int minimumElementSize, out uint count)
    {
        if (!TryReadUInt32(out count)) return false;
        return minimumElementSize <= 0 || count <= (ulong)Remaining / (ulong)minimumElementSize;
    }

    /// <summary>
    /// The pointee of a [string] wchar_t*: a conformant varying array of UTF-16 code units (C706 14.3, strings):
    /// max_count, offset, actual_count, then actual_count units. As Windows and Samba send them, actual_count
    /// includes the terminating NUL; the offset must be 0, actual_count must not exceed max_count, the last unit
    /// must be the NUL and no other unit may be one. The returned string has no NUL.
    /// </summary>
    public bool TryReadConformantVaryingString(out string value)
    {
        value = string.Empty;
        if (!TryReadUInt32(out uint maxCount) || !TryReadUInt32(out uint offset) || !TryReadUInt32(out uint actualCount))
            return false;
        if (offset != 0 || actualCount == 0 || actualCount > maxCount || actualCount > (uint)Remaining / 2)
            return false;

        // The wire is little-endian UTF-16, as are chars on every platform .NET runs on.
        ReadOnlySpan<char> units = MemoryMarshal.Cast<byte, char>(_buffer.Slice(_position, (int)actualCount * 2));
        if (units[^1] != '\0' || units[..^1].Contains('\0')) return false;
        value = new string(units[..^1]);
        _position += (int)actualCount * 2;
        return true;
    }
}
