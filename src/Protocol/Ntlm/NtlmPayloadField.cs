using System.Buffers.Binary;

namespace Protocol.Ntlm;

/// <summary>
/// The 8-byte "...Fields" descriptor of an NTLM message (MS-NLMP 2.2.1.1, e.g. DomainNameFields):
/// Len (2), MaxLen (2), BufferOffset (4), the offset counted from the start of the message.
/// </summary>
public static class NtlmPayloadField
{
    public const int Size = 8;

    /// <summary>
    /// Reads the descriptor at <paramref name="fieldOffset"/> and returns the bytes it points at.
    /// A zero Len yields an empty value whatever the offset says; otherwise offset + Len must lie
    /// inside <paramref name="message"/> (MaxLen is ignored, as MS-NLMP 2.2.1.1 allows).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, int fieldOffset, out ReadOnlySpan<byte> value, out NtStatus error)
    {
        value = default;
        if (fieldOffset < 0 || message.Length - fieldOffset < Size)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(message.Slice(fieldOffset));
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(fieldOffset + 4));
        error = NtStatus.Success;
        if (length == 0) return true;
        // 64-bit arithmetic: offset is attacker-controlled and may be near uint.MaxValue.
        if ((ulong)offset + length > (ulong)message.Length)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        value = message.Slice((int)offset, length);
        return true;
    }

    /// <summary>
    /// Writes a descriptor for a value of <paramref name="length"/> bytes at <paramref name="payloadOffset"/>.
    /// An empty value still gets a real offset, as Windows writes it: some peers check offsets
    /// of empty fields too.
    /// </summary>
    public static void Write(Span<byte> destination, int length, int payloadOffset)
    {
        if ((uint)length > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(length));
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(2), (ushort)length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(4), (uint)payloadOffset);
    }
}
