using System.Buffers.Binary;

namespace Protocol.Fsctl;

/// <summary>One SRV_COPYCHUNK (MS-SMB2 2.2.31.1.1): 24 bytes, SourceOffset, TargetOffset, Length, Reserved.</summary>
public readonly record struct SrvCopychunk(ulong SourceOffset, ulong TargetOffset, uint Length)
{
    public const int Size = 24;
}

/// <summary>
/// SRV_COPYCHUNK_COPY (MS-SMB2 2.2.31.1), the input of FSCTL_SRV_COPYCHUNK(_WRITE):
/// <code>
///  0           24           28         32
///  | SourceKey | ChunkCount | Reserved | Chunks (ChunkCount x 24)
/// </code>
/// </summary>
public sealed class SrvCopychunkCopy
{
    public const int ChunksOffset = 32;

    private SrvCopychunkCopy(ResumeKey sourceKey, SrvCopychunk[] chunks)
    {
        SourceKey = sourceKey;
        Chunks = chunks;
    }

    public ResumeKey SourceKey { get; }
    public IReadOnlyList<SrvCopychunk> Chunks { get; }

    /// <summary>The source key alone (its lookup comes before any other check, MS-SMB2 3.3.5.15.6).</summary>
    public static bool TryReadSourceKey(ReadOnlySpan<byte> input, out ResumeKey key)
    {
        key = default;
        if (input.Length < ResumeKey.Size)
            return false;
        key = ResumeKey.Read(input);
        return true;
    }

    /// <summary>
    /// Parses the structure. False when the input is shorter than its header or than ChunkCount
    /// chunks, or ChunkCount exceeds <paramref name="maxChunks"/> (checked before the chunk array is
    /// read, so a huge count allocates nothing): the caller answers with its limits (MS-SMB2 3.3.5.15.6.2).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> input, int maxChunks, out SrvCopychunkCopy? copy)
    {
        copy = null;
        if (input.Length < ChunksOffset)
            return false;
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(input[24..]);
        if (count > (uint)maxChunks || (long)count * SrvCopychunk.Size > input.Length - ChunksOffset)
            return false;
        var chunks = new SrvCopychunk[count];
        for (int i = 0; i < chunks.Length; i++)
        {
            ReadOnlySpan<byte> c = input.Slice(ChunksOffset + i * SrvCopychunk.Size, SrvCopychunk.Size);
            chunks[i] = new SrvCopychunk(
                BinaryPrimitives.ReadUInt64LittleEndian(c),
                BinaryPrimitives.ReadUInt64LittleEndian(c[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(c[16..]));
        }
        copy = new SrvCopychunkCopy(ResumeKey.Read(input), chunks);
        return true;
    }

    /// <summary>Encodes a request (tests and clients).</summary>
    public static byte[] Build(ResumeKey key, ReadOnlySpan<SrvCopychunk> chunks)
    {
        var bytes = new byte[ChunksOffset + chunks.Length * SrvCopychunk.Size];
        key.Write(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), (uint)chunks.Length);
        for (int i = 0; i < chunks.Length; i++)
        {
            Span<byte> c = bytes.AsSpan(ChunksOffset + i * SrvCopychunk.Size);
            BinaryPrimitives.WriteUInt64LittleEndian(c, chunks[i].SourceOffset);
            BinaryPrimitives.WriteUInt64LittleEndian(c[8..], chunks[i].TargetOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(c[16..], chunks[i].Length);
        }
        return bytes;
    }
}
