using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>SMB2_FILEID (MS-SMB2 2.2.14.1): the 16-byte handle of an open.</summary>
public readonly record struct Smb2FileId(ulong Persistent, ulong Volatile)
{
    public const int Size = 16;

    /// <summary>
    /// All ones: in a related compound element this means "the FileId of the previous create"
    /// (MS-SMB2 3.2.4.1.4, 3.3.5.2.7.2).
    /// </summary>
    public static Smb2FileId UsePrevious => new(ulong.MaxValue, ulong.MaxValue);

    public bool IsUsePrevious => Persistent == ulong.MaxValue && Volatile == ulong.MaxValue;

    public static Smb2FileId Read(ReadOnlySpan<byte> source)
        => new(BinaryPrimitives.ReadUInt64LittleEndian(source),
               BinaryPrimitives.ReadUInt64LittleEndian(source[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Persistent);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Volatile);
    }

    public override string ToString() => $"{Persistent:x16}:{Volatile:x16}";
}
