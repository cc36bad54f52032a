using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// The checks and layout rules every SMB2 body parser and writer shares (MS-SMB2 2.2), kept in one
/// place so each message file only states its own fields.
/// </summary>
/// <remarks>
/// Conventions: <c>message[0]</c> is the first byte of the SMB2 header; buffer offsets on the wire are
/// counted from there; <c>bodyOffset</c> is where the command structure starts (64 for a plain message).
/// </remarks>
public static class Smb2Wire
{
    /// <summary>
    /// Checks that the body at <paramref name="bodyOffset"/> holds at least the fixed part of a structure
    /// of <paramref name="structureSize"/> and that its StructureSize field says so.
    /// </summary>
    public static bool TryGetBody(ReadOnlySpan<byte> message, int bodyOffset, ushort structureSize,
        out ReadOnlySpan<byte> body, out NtStatus error)
    {
        body = default;
        // MS-SMB2 2.2: an odd StructureSize counts one byte of the variable Buffer. That byte is absent
        // when the buffer is empty in what some clients send, so only the even (fixed) part is required.
        int fixedLength = Math.Max(FixedLength(structureSize), 2);
        if (bodyOffset < 0 || bodyOffset > message.Length || message.Length - bodyOffset < fixedLength)
            return Invalid(out error);
        body = message[bodyOffset..];
        if (BinaryPrimitives.ReadUInt16LittleEndian(body) != structureSize)
            return Invalid(out error);
        error = NtStatus.Success;
        return true;
    }

    /// <summary>The fixed part of a body: StructureSize without the one byte of an odd size's Buffer.</summary>
    public static int FixedLength(ushort structureSize) => structureSize & ~1;

    /// <summary>
    /// A buffer named by (offset from the header, length) must lie inside the message and must not
    /// overlap the fixed part of the body, which ends at <paramref name="bufferStart"/>. An empty buffer's
    /// offset is not looked at: clients fill it with anything from 0 to the end of the body.
    /// </summary>
    public static bool IsValidBuffer(int messageLength, int bufferStart, long offset, long length)
        => length == 0 || (length > 0 && offset >= bufferStart && offset + length <= messageLength);

    /// <summary>The bytes of a buffer already validated by <see cref="IsValidBuffer"/>.</summary>
    public static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> message, long offset, long length)
        => length == 0 ? default : message.Slice((int)offset, (int)length);

    /// <summary>Rounds up to the next multiple of 8 (MS-SMB2 aligns compounds and context lists to 8).</summary>
    public static int Align8(int value) => (value + 7) & ~7;

    public static long Align8(long value) => (value + 7) & ~7L;

    public static bool Invalid(out NtStatus error)
    {
        error = NtStatus.InvalidParameter;
        return false;
    }

    /// <summary>
    /// Starts writing a body of <paramref name="bodyLength"/> bytes: checks the destination is big enough
    /// (a too small destination is a bug of the caller, not of the peer), zeroes the fixed part so
    /// reserved fields go out as 0, and writes StructureSize.
    /// </summary>
    public static Span<byte> BeginBody(Span<byte> message, int bodyOffset, ushort structureSize, int bodyLength)
    {
        if (bodyOffset < 0 || bodyLength < 0 || (long)bodyOffset + bodyLength > message.Length)
            throw new ArgumentException(
                $"The message needs {(long)bodyOffset + bodyLength} bytes but has {message.Length}.", nameof(message));
        var body = message.Slice(bodyOffset, bodyLength);
        body[..Math.Min(bodyLength, Math.Max(FixedLength(structureSize), 2))].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, structureSize);
        return body;
    }

    /// <summary>
    /// Length of a body with one variable buffer. When the buffer is empty an odd StructureSize still
    /// gets its one byte, as MS-SMB2 2.2 sizes the structure "regardless of how long Buffer[] is".
    /// </summary>
    public static int BodyLength(ushort structureSize, int bufferLength)
        => FixedLength(structureSize) + Math.Max(bufferLength, structureSize & 1);

    /// <summary>Copies <paramref name="buffer"/> to <paramref name="offset"/>, or writes the one pad byte of an empty buffer.</summary>
    public static void WriteBuffer(Span<byte> message, int offset, ReadOnlySpan<byte> buffer, ushort structureSize)
    {
        if (buffer.IsEmpty)
        {
            if ((structureSize & 1) != 0) message[offset] = 0;
            return;
        }
        buffer.CopyTo(message[offset..]);
    }

    /// <summary>Writes the one pad byte of an empty buffer when the caller placed the buffer itself.</summary>
    public static void WritePadIfEmpty(Span<byte> message, int offset, int bufferLength, ushort structureSize)
    {
        if (bufferLength == 0 && (structureSize & 1) != 0) message[offset] = 0;
    }

    /// <summary>Checks an offset field of our own writer fits its wire width; a bug of the caller otherwise.</summary>
    public static ushort CheckedUInt16(long value, string what)
        => value is >= 0 and <= ushort.MaxValue ? (ushort)value
            : throw new ArgumentException($"{what} {value} does not fit in 16 bits.");

    public static uint CheckedUInt32(long value, string what)
        => value is >= 0 and <= uint.MaxValue ? (uint)value
            : throw new ArgumentException($"{what} {value} does not fit in 32 bits.");
}
