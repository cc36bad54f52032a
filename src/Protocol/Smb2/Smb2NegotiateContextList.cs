using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// The NegotiateContextList of an SMB 3.1.1 NEGOTIATE request or response (MS-SMB2 2.2.3, 2.2.4):
/// NegotiateContextCount contexts, the first at NegotiateContextOffset (counted from the SMB2 header),
/// each one at the first 8-byte aligned offset after the previous one.
/// </summary>
public static class Smb2NegotiateContextList
{
    /// <summary>
    /// Checks the list: the first context at an 8-byte aligned offset no lower than
    /// <paramref name="minimumOffset"/> (the end of what precedes it), and every context header and
    /// Data inside the message. An empty list is valid whatever its offset.
    /// </summary>
    public static bool TryValidate(ReadOnlySpan<byte> message, long offset, int count, int minimumOffset, out NtStatus error)
    {
        if (count == 0)
        {
            error = NtStatus.Success;
            return true;
        }
        if (count < 0 || offset < minimumOffset || (offset & 7) != 0
            || (long)count * Smb2NegotiateContext.HeaderSize > message.Length - offset)
            return Smb2Wire.Invalid(out error);

        long position = offset;
        for (int i = 0; i < count; i++)
        {
            if (i > 0) position = Smb2Wire.Align8(position);
            if (position + Smb2NegotiateContext.HeaderSize > message.Length) return Smb2Wire.Invalid(out error);
            int dataLength = BinaryPrimitives.ReadUInt16LittleEndian(message[(int)(position + 2)..]);
            position += Smb2NegotiateContext.HeaderSize;
            if (position + dataLength > message.Length) return Smb2Wire.Invalid(out error);
            position += dataLength;
        }
        error = NtStatus.Success;
        return true;
    }

    /// <summary>The contexts of a list that <see cref="TryValidate"/> accepted, for <c>foreach</c>.</summary>
    public static Enumerable Read(ReadOnlySpan<byte> message, int offset, int count) => new(message, offset, count);

    /// <summary>Bytes the list takes when it starts 8-byte aligned: contexts, the padding between them, no padding after the last.</summary>
    public static int GetLength(ReadOnlySpan<Smb2NegotiateContextData> contexts)
    {
        int length = 0;
        for (int i = 0; i < contexts.Length; i++)
        {
            if (i > 0) length = Smb2Wire.Align8(length);
            length += Smb2NegotiateContext.HeaderSize + contexts[i].Data.Length;
        }
        return length;
    }

    /// <summary>
    /// Writes <paramref name="contexts"/> at <paramref name="offset"/> of <paramref name="message"/>
    /// (8-byte aligned, counted from the header) with zeroed padding; returns the offset just after the last one.
    /// </summary>
    public static int Write(Span<byte> message, int offset, ReadOnlySpan<Smb2NegotiateContextData> contexts)
    {
        if ((offset & 7) != 0) throw new ArgumentException("Negotiate contexts start 8-byte aligned.", nameof(offset));
        if (offset + GetLength(contexts) > message.Length)
            throw new ArgumentException("The message is too small for the negotiate contexts.", nameof(message));
        int position = offset;
        for (int i = 0; i < contexts.Length; i++)
        {
            if (i > 0)
            {
                int aligned = Smb2Wire.Align8(position);
                message[position..aligned].Clear();
                position = aligned;
            }
            var data = contexts[i].Data.Span;
            var context = message[position..];
            BinaryPrimitives.WriteUInt16LittleEndian(context, (ushort)contexts[i].ContextType);
            BinaryPrimitives.WriteUInt16LittleEndian(context[2..], Smb2Wire.CheckedUInt16(data.Length, "Negotiate context DataLength"));
            BinaryPrimitives.WriteUInt32LittleEndian(context[4..], 0);
            data.CopyTo(context[Smb2NegotiateContext.HeaderSize..]);
            position += Smb2NegotiateContext.HeaderSize + data.Length;
        }
        return position;
    }

    public readonly ref struct Enumerable
    {
        private readonly ReadOnlySpan<byte> _message;
        private readonly int _offset;
        private readonly int _count;

        public Enumerable(ReadOnlySpan<byte> message, int offset, int count)
        {
            _message = message;
            _offset = offset;
            _count = count;
        }

        public Enumerator GetEnumerator() => new(_message, _offset, _count);
    }

    /// <summary>Walks the list; stops early rather than read outside the message if it was not validated.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _message;
        private int _position;
        private int _left;
        private bool _first;

        public Enumerator(ReadOnlySpan<byte> message, int offset, int count)
        {
            _message = message;
            _position = offset;
            _left = count;
            _first = true;
        }

        public Smb2NegotiateContext Current { get; private set; }

        public bool MoveNext()
        {
            if (_left <= 0) return false;
            int position = _first ? _position : Smb2Wire.Align8(_position);
            if (position < 0 || position > _message.Length - Smb2NegotiateContext.HeaderSize) return Stop();
            var type = (Smb2NegotiateContextType)BinaryPrimitives.ReadUInt16LittleEndian(_message[position..]);
            int dataLength = BinaryPrimitives.ReadUInt16LittleEndian(_message[(position + 2)..]);
            int dataOffset = position + Smb2NegotiateContext.HeaderSize;
            if (dataLength > _message.Length - dataOffset) return Stop();
            Current = new Smb2NegotiateContext(type, dataOffset, dataLength);
            _position = dataOffset + dataLength;
            _first = false;
            _left--;
            return true;
        }

        private bool Stop()
        {
            _left = 0;
            return false;
        }
    }
}
