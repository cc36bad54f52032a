using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// The error contexts that fill ErrorData when ErrorContextCount is not 0 (MS-SMB2 2.2.2, 2.2.2.1):
/// each starts 8-byte aligned from the start of ErrorData.
/// </summary>
public static class Smb2ErrorContextList
{
    /// <summary>Checks <paramref name="count"/> contexts lie inside ErrorData at (<paramref name="offset"/>, <paramref name="length"/>).</summary>
    public static bool TryValidate(ReadOnlySpan<byte> message, int offset, int length, int count, out NtStatus error)
    {
        if (count == 0)
        {
            error = NtStatus.Success;
            return true;
        }
        if (offset < 0 || length < 0 || (long)offset + length > message.Length
            || (long)count * Smb2ErrorContext.HeaderSize > length)
            return Smb2Wire.Invalid(out error);
        long position = 0;
        for (int i = 0; i < count; i++)
        {
            position = Smb2Wire.Align8(position);
            if (position + Smb2ErrorContext.HeaderSize > length) return Smb2Wire.Invalid(out error);
            uint dataLength = BinaryPrimitives.ReadUInt32LittleEndian(message[(int)(offset + position)..]);
            position += Smb2ErrorContext.HeaderSize;
            if (position + dataLength > length) return Smb2Wire.Invalid(out error);
            position += dataLength;
        }
        error = NtStatus.Success;
        return true;
    }

    public static Enumerable Read(ReadOnlySpan<byte> message, int offset, int length, int count) => new(message, offset, length, count);

    public readonly ref struct Enumerable
    {
        private readonly ReadOnlySpan<byte> _message;
        private readonly int _offset, _length, _count;

        public Enumerable(ReadOnlySpan<byte> message, int offset, int length, int count)
        {
            _message = message;
            _offset = offset;
            _length = length;
            _count = count;
        }

        public Enumerator GetEnumerator() => new(_message, _offset, _length, _count);
    }

    /// <summary>Walks the contexts; stops rather than read outside ErrorData if they were not validated.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _message;
        private readonly int _offset;
        private readonly long _length;
        private long _position;
        private int _left;

        public Enumerator(ReadOnlySpan<byte> message, int offset, int length, int count)
        {
            _message = message;
            _offset = offset;
            _length = Math.Min(length, Math.Max(0, message.Length - offset));
            _left = count;
        }

        public Smb2ErrorContext Current { get; private set; }

        public bool MoveNext()
        {
            if (_left <= 0) return false;
            long position = Smb2Wire.Align8(_position);
            if (position + Smb2ErrorContext.HeaderSize > _length) return Stop();
            var context = _message[(int)(_offset + position)..];
            uint dataLength = BinaryPrimitives.ReadUInt32LittleEndian(context);
            uint errorId = BinaryPrimitives.ReadUInt32LittleEndian(context[4..]);
            long dataStart = position + Smb2ErrorContext.HeaderSize;
            if (dataStart + dataLength > _length) return Stop();
            Current = new Smb2ErrorContext(errorId, (int)(_offset + dataStart), (int)dataLength);
            _position = dataStart + dataLength;
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
