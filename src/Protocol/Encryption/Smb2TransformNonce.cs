using System.Buffers.Binary;

namespace Protocol.Encryption;

/// <summary>
/// The 16-byte Nonce field of the SMB2 TRANSFORM_HEADER (MS-SMB2 2.2.41), held as two little-endian
/// halves so that the header stays a plain comparable value; the bytes round-trip exactly. The
/// cipher uses its first 11 bytes (AES_CCM_Nonce) or 12 bytes (AES_GCM_Nonce); the rest is reserved
/// but still authenticated, as part of the additional data.
/// </summary>
public readonly record struct Smb2TransformNonce(ulong Low, ulong High)
{
    public const int Size = 16;

    /// <summary>Reads the 16 bytes at the start of <paramref name="source"/>.</summary>
    public static Smb2TransformNonce Read(ReadOnlySpan<byte> source)
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
