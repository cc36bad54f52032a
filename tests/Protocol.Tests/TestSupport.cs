using System.Security.Cryptography;

namespace Protocol.Tests;

/// <summary>A RandomNumberGenerator that returns fixed bytes, to reproduce published examples.</summary>
internal sealed class FixedRandom(byte[] bytes) : RandomNumberGenerator
{
    public override void GetBytes(byte[] data) => bytes.AsSpan(0, data.Length).CopyTo(data);
}

internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("\n", ""));
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Copies <paramref name="message"/> into a larger buffer at a non-zero offset and returns that slice.</summary>
    public static ReadOnlyMemory<byte> Embedded(byte[] message, int before = 13, int after = 7)
    {
        var buffer = new byte[before + message.Length + after];
        buffer.AsSpan().Fill(0xEE);
        message.CopyTo(buffer, before);
        return buffer.AsMemory(before, message.Length);
    }
}
