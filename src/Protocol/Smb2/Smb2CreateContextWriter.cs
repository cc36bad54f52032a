using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// Builds a create context chain (MS-SMB2 2.2.13.2) in place, without allocating: each
/// <see cref="Add(ReadOnlySpan{byte}, int)"/> links the previous context's Next to the new one.
/// The destination must start at an 8-byte aligned offset of the message for the alignment to hold.
/// </summary>
public ref struct Smb2CreateContextWriter
{
    private readonly Span<byte> _destination;
    private int _length;
    private int _lastStart;

    public Smb2CreateContextWriter(Span<byte> destination)
    {
        _destination = destination;
        _lastStart = -1;
    }

    /// <summary>Bytes written so far: the CreateContextsLength of the chain.</summary>
    public readonly int Length => _length;

    /// <summary>Bytes one context with these sizes takes, not counting the padding before the next.</summary>
    public static int GetSize(int nameLength, int dataLength)
        => dataLength == 0 ? Smb2CreateContext.HeaderSize + nameLength
            : Smb2Wire.Align8(Smb2CreateContext.HeaderSize + nameLength) + dataLength;

    /// <summary>Appends a context and returns its Data region of <paramref name="dataLength"/> bytes for the caller to fill.</summary>
    public Span<byte> Add(ReadOnlySpan<byte> name, int dataLength)
    {
        if (name.IsEmpty) throw new ArgumentException("A create context has a name.", nameof(name));
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);
        int start = _lastStart < 0 ? 0 : Smb2Wire.Align8(_length);
        int size = GetSize(name.Length, dataLength);
        if ((long)start + size > _destination.Length)
            throw new ArgumentException("The destination is too small for the create context.");

        if (_lastStart >= 0)
        {
            _destination[_length..start].Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(_destination[_lastStart..], (uint)(start - _lastStart));
        }
        var context = _destination.Slice(start, size);
        int dataOffset = dataLength == 0 ? 0 : Smb2Wire.Align8(Smb2CreateContext.HeaderSize + name.Length);
        context[..(dataLength == 0 ? Smb2CreateContext.HeaderSize : dataOffset)].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(context[4..], Smb2CreateContext.HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(context[6..], Smb2Wire.CheckedUInt16(name.Length, "NameLength"));
        BinaryPrimitives.WriteUInt16LittleEndian(context[10..], (ushort)dataOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(context[12..], (uint)dataLength);
        name.CopyTo(context[Smb2CreateContext.HeaderSize..]);

        _lastStart = start;
        _length = start + size;
        return context.Slice(dataOffset, dataLength);
    }

    /// <summary>Appends a context with a copy of <paramref name="data"/>.</summary>
    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data) => data.CopyTo(Add(name, data.Length));
}
