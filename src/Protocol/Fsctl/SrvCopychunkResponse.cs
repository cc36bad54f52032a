using System.Buffers.Binary;

namespace Protocol.Fsctl;

/// <summary>
/// SRV_COPYCHUNK_RESPONSE (MS-SMB2 2.2.32.1), 12 bytes: ChunksWritten, ChunkBytesWritten,
/// TotalBytesWritten. With STATUS_INVALID_PARAMETER the same fields carry the server's limits.
/// </summary>
public readonly record struct SrvCopychunkResponse(uint ChunksWritten, uint ChunkBytesWritten, uint TotalBytesWritten)
{
    public const int Size = 12;

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, ChunksWritten);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), ChunkBytesWritten);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), TotalBytesWritten);
        return bytes;
    }

    public static SrvCopychunkResponse Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
}
