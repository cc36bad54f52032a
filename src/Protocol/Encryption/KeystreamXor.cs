using System.Runtime.InteropServices;

namespace Protocol.Encryption;

/// <summary>destination = source xor keystream, a machine word at a time (source and destination may be the same span).</summary>
internal static class KeystreamXor
{
    public static void Apply(ReadOnlySpan<byte> source, ReadOnlySpan<byte> keystream, Span<byte> destination)
    {
        int n = source.Length;
        int words = n / sizeof(ulong);
        var s = MemoryMarshal.Cast<byte, ulong>(source.Slice(0, words * sizeof(ulong)));
        var k = MemoryMarshal.Cast<byte, ulong>(keystream.Slice(0, words * sizeof(ulong)));
        var d = MemoryMarshal.Cast<byte, ulong>(destination.Slice(0, words * sizeof(ulong)));
        for (int i = 0; i < s.Length; i++) d[i] = s[i] ^ k[i];
        for (int i = words * sizeof(ulong); i < n; i++) destination[i] = (byte)(source[i] ^ keystream[i]);
    }
}
