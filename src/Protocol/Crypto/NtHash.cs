using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Protocol.Crypto;

/// <summary>The NT one-way function (MS-NLMP 3.3.1 NTOWFv1): MD4 of the UTF-16LE password.</summary>
public static class NtHash
{
    public const int Size = 16;

    public static void Compute(ReadOnlySpan<char> password, Span<byte> hash)
    {
        // UTF-16LE is the in-memory layout of .NET strings on little-endian machines.
        var bytes = MemoryMarshal.AsBytes(password);
        Md4.Hash(bytes, hash);
    }

    public static byte[] Compute(ReadOnlySpan<char> password)
    {
        var hash = new byte[Size];
        Compute(password, hash);
        return hash;
    }
}
