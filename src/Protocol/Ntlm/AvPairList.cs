using System.Buffers.Binary;

namespace Protocol.Ntlm;

/// <summary>
/// A list of AV_PAIRs terminated by MsvAvEOL (MS-NLMP 2.2.2.1), as carried in the
/// CHALLENGE_MESSAGE TargetInfo and in the NTLMv2_CLIENT_CHALLENGE. The EOL pair is implied:
/// parsing drops it and writing appends it.
/// </summary>
public static class AvPairList
{
    /// <summary>
    /// Parses pairs up to MsvAvEOL; bytes after the EOL are ignored (clients pad the NTLMv2 blob
    /// with zeros after it). A list that ends exactly at the end of the buffer without an EOL is
    /// accepted; a pair header or value that runs past the end is malformed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out List<AvPair> pairs, out NtStatus error)
    {
        pairs = new List<AvPair>();
        int offset = 0;
        while (offset < buffer.Length)
        {
            if (buffer.Length - offset < AvPair.HeaderSize)
            {
                error = NtStatus.InvalidParameter;
                return false;
            }
            var id = (AvId)BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(offset));
            int length = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(offset + 2));
            offset += AvPair.HeaderSize;
            if (id == AvId.MsvAvEOL) break;
            if (buffer.Length - offset < length)
            {
                error = NtStatus.InvalidParameter;
                return false;
            }
            pairs.Add(new AvPair(id, buffer.Slice(offset, length).ToArray()));
            offset += length;
        }
        error = NtStatus.Success;
        return true;
    }

    /// <summary>The first pair with <paramref name="id"/>, if any.</summary>
    public static AvPair? Find(IReadOnlyList<AvPair> pairs, AvId id)
    {
        foreach (var pair in pairs)
            if (pair.Id == id) return pair;
        return null;
    }

    /// <summary>The MsvAvFlags value, or None when the pair is absent or shorter than 4 bytes.</summary>
    public static MsvAvFlags GetFlags(IReadOnlyList<AvPair> pairs)
        => Find(pairs, AvId.MsvAvFlags) is { Value.Length: >= 4 } pair
            ? (MsvAvFlags)BinaryPrimitives.ReadUInt32LittleEndian(pair.Value)
            : MsvAvFlags.None;

    /// <summary>Encoded size including the terminating MsvAvEOL.</summary>
    public static int GetLength(IReadOnlyList<AvPair> pairs)
    {
        int length = AvPair.HeaderSize;
        foreach (var pair in pairs)
            if (pair.Id != AvId.MsvAvEOL) length += AvPair.HeaderSize + pair.Value.Length;
        return length;
    }

    /// <summary>Writes the pairs and the terminating MsvAvEOL; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, IReadOnlyList<AvPair> pairs)
    {
        int offset = 0;
        foreach (var pair in pairs)
        {
            if (pair.Id == AvId.MsvAvEOL) continue;
            if (pair.Value.Length > ushort.MaxValue) throw new ArgumentException("AV_PAIR value too long", nameof(pairs));
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(offset), (ushort)pair.Id);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(offset + 2), (ushort)pair.Value.Length);
            pair.Value.CopyTo(destination.Slice(offset + AvPair.HeaderSize));
            offset += AvPair.HeaderSize + pair.Value.Length;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(offset), 0); // MsvAvEOL, AvLen 0
        return offset + AvPair.HeaderSize;
    }

    public static byte[] ToArray(IReadOnlyList<AvPair> pairs)
    {
        var bytes = new byte[GetLength(pairs)];
        Write(bytes, pairs);
        return bytes;
    }
}
