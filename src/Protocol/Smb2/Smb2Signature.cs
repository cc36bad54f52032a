using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// The 16-byte Signature field of the SMB2 header (MS-SMB2 2.2.1), held as two little-endian halves so
/// that <see cref="Smb2Header"/> stays a plain comparable value. The bytes round-trip exactly.
/// </summary>
public readonly record struct Smb2Signature(ulong Low, ulong High)
{
    public const int Size = 16;

    public static Smb2Signature Zero => default;

    /// <summary>Reads the 16 bytes at the start of <paramref name="source"/>.</summary>
    public static Smb2Signature Read(ReadOnlySpan<byte> source)
        => new(BinaryPrimitives.ReadUInt64LittleEndian(source),
               BinaryPrimitives.ReadUInt64LittleEndian(source[8..]));

    /// <summary>Writes the 16 bytes to the start of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Low);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], High);
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        Write(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
