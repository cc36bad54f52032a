using System.Security.Cryptography;

namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>
/// Test files whose bytes depend only on a seed: xorshift64* (Vigna), so a transfer test writes
/// hundreds of MiB in well under a second, and a failure can be reproduced byte for byte. The
/// stream does not compress and has no repeating blocks, so a server that dropped, reordered or
/// duplicated a chunk cannot produce the same SHA-256.
/// </summary>
public static class DeterministicFile
{
    private const int ChunkSize = 1 << 20;

    /// <summary>Writes <paramref name="length"/> bytes to <paramref name="path"/>; returns their SHA-256 (hex).</summary>
    public static string Write(string path, long length, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed; // xorshift state must not be 0
        var chunk = new byte[ChunkSize];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, ChunkSize);
        for (long left = length; left > 0;)
        {
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(chunk.AsSpan());
            for (var i = 0; i < words.Length; i++)
            {
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                words[i] = state * 0x2545F4914F6CDD1DUL;
            }
            var n = (int)Math.Min(left, ChunkSize);
            file.Write(chunk, 0, n);
            sha.AppendData(chunk, 0, n);
            left -= n;
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>SHA-256 (hex) of a file, or "(missing)" when it does not exist.</summary>
    public static string Sha256(string path)
    {
        if (!File.Exists(path))
            return "(missing)";
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize);
        return Convert.ToHexString(SHA256.HashData(file));
    }
}
