using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// The chain of create contexts in a CREATE request or response (MS-SMB2 2.2.13.2): it fills
/// CreateContextsLength bytes at CreateContextsOffset; each context's Next is the 8-byte aligned
/// distance to the following one, 0 on the last.
/// </summary>
public static class Smb2CreateContextList
{
    /// <summary>
    /// Checks the chain at (<paramref name="offset"/>, <paramref name="length"/>) of the message:
    /// every context at least a header long, Next a multiple of 8 that stays inside the chain, the
    /// Name (not empty) and the Data inside their context, after its header and not overlapping each
    /// other. The chain range itself must already be validated against the message.
    /// </summary>
    public static bool TryValidate(ReadOnlySpan<byte> message, long offset, long length, out NtStatus error)
    {
        if (length == 0)
        {
            error = NtStatus.Success;
            return true;
        }
        if (offset < 0 || length < 0 || offset + length > message.Length) return Smb2Wire.Invalid(out error);

        long position = offset;
        long end = offset + length;
        while (true)
        {
            long remaining = end - position;
            if (remaining < Smb2CreateContext.HeaderSize) return Smb2Wire.Invalid(out error);
            var context = message[(int)position..];
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(context);
            ushort nameOffset = BinaryPrimitives.ReadUInt16LittleEndian(context[4..]);
            ushort nameLength = BinaryPrimitives.ReadUInt16LittleEndian(context[6..]);
            ushort dataOffset = BinaryPrimitives.ReadUInt16LittleEndian(context[10..]);
            uint dataLength = BinaryPrimitives.ReadUInt32LittleEndian(context[12..]);

            if (next != 0 && ((next & 7) != 0 || next < Smb2CreateContext.HeaderSize || next >= remaining))
                return Smb2Wire.Invalid(out error);
            long contextLength = next == 0 ? remaining : next;

            if (nameLength == 0 || nameOffset < Smb2CreateContext.HeaderSize || nameOffset + nameLength > contextLength)
                return Smb2Wire.Invalid(out error);
            if (dataLength != 0 && (dataOffset < nameOffset + nameLength || dataOffset + (long)dataLength > contextLength))
                return Smb2Wire.Invalid(out error);

            if (next == 0) break;
            position += next;
        }
        error = NtStatus.Success;
        return true;
    }

    /// <summary>The contexts of a chain <see cref="TryValidate"/> accepted, for <c>foreach</c>.</summary>
    public static Enumerable Read(ReadOnlySpan<byte> message, int offset, int length) => new(message, offset, length);

    public readonly ref struct Enumerable
    {
        private readonly ReadOnlySpan<byte> _message;
        private readonly int _offset;
        private readonly int _length;

        public Enumerable(ReadOnlySpan<byte> message, int offset, int length)
        {
            _message = message;
            _offset = offset;
            _length = length;
        }

        public Enumerator GetEnumerator() => new(_message, _offset, _length);
    }

    /// <summary>Walks the chain; stops rather than read outside it if it was not validated.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _message;
        private readonly long _end;
        private long _position;

        public Enumerator(ReadOnlySpan<byte> message, int offset, int length)
        {
            _message = message;
            _position = length > 0 ? offset : -1;
            _end = Math.Min((long)offset + length, message.Length);
        }

        public Smb2CreateContext Current { get; private set; }

        public bool MoveNext()
        {
            if (_position < 0 || _end - _position < Smb2CreateContext.HeaderSize) return false;
            var context = _message[(int)_position..];
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(context);
            long contextEnd = next == 0 ? _end : _position + next;
            long nameOffset = _position + BinaryPrimitives.ReadUInt16LittleEndian(context[4..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(context[6..]);
            long dataOffset = _position + BinaryPrimitives.ReadUInt16LittleEndian(context[10..]);
            long dataLength = BinaryPrimitives.ReadUInt32LittleEndian(context[12..]);
            if (contextEnd > _end || nameOffset + nameLength > contextEnd || (dataLength != 0 && dataOffset + dataLength > contextEnd))
            {
                _position = -1;
                return false;
            }
            Current = new Smb2CreateContext((int)nameOffset, nameLength, dataLength == 0 ? 0 : (int)dataOffset, (int)dataLength);
            _position = next == 0 || next % 8 != 0 || next < Smb2CreateContext.HeaderSize ? -1 : _position + next;
            return true;
        }
    }
}
