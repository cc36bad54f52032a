using System.Security.Cryptography;

namespace SmbServer.IntegrationTests.Files;

/// <summary>Local files for the file tests: deterministic content, trees, and byte-for-byte comparison.</summary>
public static class LocalTree
{
    /// <summary>
    /// Deterministic bytes (xorshift64 from <paramref name="seed"/>): the same seed gives the same
    /// content on every run, so a failure can be reproduced.
    /// </summary>
    public static byte[] Bytes(int length, ulong seed)
    {
        var bytes = new byte[length];
        Fill(bytes, ref seed);
        return bytes;
    }

    /// <summary>Fills <paramref name="buffer"/> from the xorshift64 state <paramref name="state"/> (never 0), advancing it.</summary>
    public static void Fill(Span<byte> buffer, ref ulong state)
    {
        if (state == 0)
            state = 0x9E3779B97F4A7C15;
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(buffer);
        ulong x = state;
        for (int i = 0; i < words.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            words[i] = x;
        }
        for (int i = words.Length * 8; i < buffer.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buffer[i] = (byte)x;
        }
        state = x;
    }

    /// <summary>
    /// Writes <paramref name="fileCount"/> files under <paramref name="root"/> in nested directories
    /// (three levels: 10 x 5 directories, files spread over every level), sizes from 0 to about
    /// 70 KiB so some cross the 64 KiB of one READ/WRITE credit. Returns the relative file paths.
    /// </summary>
    public static IReadOnlyList<string> WriteNested(string root, int fileCount, ulong seed)
    {
        var paths = new List<string>(fileCount);
        for (int i = 0; i < fileCount; i++)
        {
            string dir = (i % 3) switch
            {
                0 => Path.Combine($"top{i % 10}"),
                1 => Path.Combine($"top{i % 10}", $"mid{i % 5}"),
                _ => Path.Combine($"top{i % 10}", $"mid{i % 5}", "leaf"),
            };
            int size = i % 97 == 0 ? 70_000 + i : (int)((ulong)i * 2654435761UL % 6000);
            var relative = Path.Combine(dir, $"file{i:D4}.bin");
            Directory.CreateDirectory(Path.Combine(root, dir));
            File.WriteAllBytes(Path.Combine(root, relative), Bytes(size, seed + (ulong)i));
            paths.Add(relative);
        }
        // An empty directory must survive the round trip too.
        Directory.CreateDirectory(Path.Combine(root, "top0", "empty"));
        return paths;
    }

    /// <summary>Asserts both trees hold the same directories and files with the same bytes.</summary>
    public static void AssertSame(string expectedRoot, string actualRoot, string context)
    {
        var expected = Entries(expectedRoot);
        var actual = Entries(actualRoot);
        var missing = expected.Except(actual).Take(10).ToList();
        var extra = actual.Except(expected).Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"trees differ ({expected.Count} expected entries, {actual.Count} actual): missing [{string.Join(", ", missing)}], " +
            $"unexpected [{string.Join(", ", extra)}]\n{context}");
        foreach (var entry in expected.Where(e => !e.EndsWith('/')))
        {
            var want = File.ReadAllBytes(Path.Combine(expectedRoot, entry));
            var got = File.ReadAllBytes(Path.Combine(actualRoot, entry));
            Assert.True(want.AsSpan().SequenceEqual(got),
                $"{entry}: content differs ({want.Length} bytes expected, {got.Length} got)\n{context}");
        }
    }

    /// <summary>Relative paths of every file and directory (directories end in '/').</summary>
    private static SortedSet<string> Entries(string root)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path);
            set.Add(Directory.Exists(path) ? relative + "/" : relative);
        }
        return set;
    }

    /// <summary>The SHA-256 of a file, hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
