using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2_LOCK_ELEMENT (MS-SMB2 2.2.26.1): 0 Offset (8), 8 Length (8), 16 Flags (4), 20 Reserved (4).
/// </summary>
public readonly record struct Smb2LockElement(ulong Offset, ulong Length, Smb2LockFlags Flags)
{
    public const int Size = 24;

    public static Smb2LockElement Read(ReadOnlySpan<byte> source)
        => new(BinaryPrimitives.ReadUInt64LittleEndian(source),
               BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
               (Smb2LockFlags)BinaryPrimitives.ReadUInt32LittleEndian(source[16..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], 0);
    }
}
