using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Protocol.Fsctl;

/// <summary>
/// The 24-byte opaque key of FSCTL_SRV_REQUEST_RESUME_KEY (MS-SMB2 2.2.32.3) that names an open as
/// the source of a server-side copy. Random, so a client cannot guess another client's key.
/// </summary>
public readonly record struct ResumeKey(ulong A, ulong B, ulong C)
{
    public const int Size = 24;

    public static ResumeKey NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    public static ResumeKey Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, A);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], B);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], C);
    }
}
