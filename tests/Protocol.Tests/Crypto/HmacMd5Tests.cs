using System.Security.Cryptography;
using System.Text;

namespace Protocol.Tests.Crypto;

/// <summary>NTLM uses the BCL's HMAC-MD5; these are the RFC 2202 section 2 vectors to prove the platform provides it.</summary>
public class HmacMd5Tests
{
    public static TheoryData<byte[], byte[], string> Rfc2202 => new()
    {
        { Repeat(0x0b, 16), Encoding.ASCII.GetBytes("Hi There"), "9294727a3638bb1c13f48ef8158bfc9d" },
        { Encoding.ASCII.GetBytes("Jefe"), Encoding.ASCII.GetBytes("what do ya want for nothing?"), "750c783e6ab0b503eaa86e310a5db738" },
        { Repeat(0xaa, 16), Repeat(0xdd, 50), "56be34521d144c88dbb8c733f0e8b3f6" },
        { Hex.Bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"), Repeat(0xcd, 50), "697eaf0aca3a3aea3a75164746ffaa79" },
        { Repeat(0x0c, 16), Encoding.ASCII.GetBytes("Test With Truncation"), "56461ef2342edc00f9bab995690efd4c" },
        { Repeat(0xaa, 80), Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First"), "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd" },
        { Repeat(0xaa, 80), Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"), "6f630fad67cda0ee1fb1f562db3aa53e" },
    };

    [Theory]
    [MemberData(nameof(Rfc2202))]
    public void Rfc2202Vectors(byte[] key, byte[] data, string expectedHex)
        => Assert.Equal(expectedHex, Hex.Of(HMACMD5.HashData(key, data)));

    private static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();
}
