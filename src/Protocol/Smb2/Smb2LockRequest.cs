using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 LOCK Request (MS-SMB2 2.2.26).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (48)  2  LockCount  4  LockSequenceNumber (4 bits) / LockSequenceIndex (28 bits)
///  8  FileId (16)  24  Locks (LockCount * 24)
/// </code>
/// StructureSize counts one lock element, so a LOCK body is never shorter than 48 bytes.
/// </remarks>
public readonly record struct Smb2LockRequest(ushort LockCount, uint LockSequence, Smb2FileId FileId, int LocksOffset)
{
    public const ushort StructureSize = 48;

    /// <summary>The lock array starts after the 24 bytes in front of it.</summary>
    public const int LocksBodyOffset = 24;

    /// <summary>MS-SMB2 2.2.26: the low 4 bits of the LockSequence field (SMB 2.1 and 3.x).</summary>
    public byte LockSequenceNumber => (byte)(LockSequence & 0xF);

    /// <summary>MS-SMB2 2.2.26: the high 28 bits, an index 1-64 into the open's LockSequenceArray.</summary>
    public uint LockSequenceIndex => LockSequence >> 4;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2LockRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        ushort lockCount = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        int locksOffset = bodyOffset + LocksBodyOffset;
        // MS-SMB2 3.3.5.14: a LockCount of 0 fails with STATUS_INVALID_PARAMETER; the array must fit.
        if (lockCount == 0 || (long)lockCount * Smb2LockElement.Size > message.Length - locksOffset)
            return Smb2Wire.Invalid(out error);
        request = new Smb2LockRequest(
            lockCount,
            BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            Smb2FileId.Read(body[8..]),
            locksOffset);
        return true;
    }

    /// <summary>The lock element at <paramref name="index"/> (0 &lt;= index &lt; LockCount).</summary>
    public Smb2LockElement GetLock(ReadOnlySpan<byte> message, int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)LockCount, nameof(index));
        return Smb2LockElement.Read(message[(LocksOffset + index * Smb2LockElement.Size)..]);
    }

    /// <summary>Writes the body with <paramref name="locks"/>; LockCount and LocksOffset of this value are computed. Returns the body length.</summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<Smb2LockElement> locks)
    {
        if (locks.IsEmpty || locks.Length > ushort.MaxValue)
            throw new ArgumentException("A LOCK request carries 1 to 65535 locks.", nameof(locks));
        int bodyLength = LocksBodyOffset + locks.Length * Smb2LockElement.Size;
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], (ushort)locks.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], LockSequence);
        FileId.Write(body[8..]);
        for (int i = 0; i < locks.Length; i++)
            locks[i].Write(body[(LocksBodyOffset + i * Smb2LockElement.Size)..]);
        return bodyLength;
    }
}
