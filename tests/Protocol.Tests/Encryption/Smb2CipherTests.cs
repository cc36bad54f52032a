using Protocol.Encryption;
using Protocol.Smb2;

namespace Protocol.Tests.Encryption;

/// <summary>
/// Whole SMB2 messages behind the transform header. The published vectors are Microsoft's: Open
/// Specifications blog "Encryption in SMB 3.0: a protocol perspective" (2012, AES-128-CCM) and
/// "SMB 3.1.1 Encryption in Windows 10" (2015, AES-128-GCM), each a client's encrypted WRITE request
/// and the server's encrypted response. Their keys are checked in Smb3KeyDerivationTests; here the
/// server decrypts the request with its DecryptionKey and re-creates the response byte for byte with
/// its EncryptionKey and the response's nonce.
/// </summary>
public class Smb2CipherTests
{
    // SMB 3.0: SessionKey B4546771B515F766A86735532DD6C4F0, SessionId 0x8e40014000011.
    private const string Smb30DecryptionKey = "261B72350558F2E9DCF613070383EDBF"; // "ServerIn "
    private const string Smb30EncryptionKey = "8FE2B57EC34D2DB5B1A9727F526BBDB5"; // "ServerOut"
    private const string Smb30Request =
        "FE534D4240000100000000000900400008000000000000000400000000000000" +
        "FFFE0000010000001100001400E4080000000000000000000000000000000000" +
        "3100700017000000000000000000000015010000390000020100000039020000" +
        "00000000000000007000000000000000536D623320656E6372797074696F6E20" +
        "74657374696E67";
    private const string Smb30TransformedRequest =
        "FD534D4281A286535415445DAE393921E44FA42E66E69A111892584FB5ED524A" +
        "744DA3EE87000000000001001100001400E4080025C8FEE16605A437832D1CD5" +
        "2DA9F4645333482A175FE5384563F45FCDAFAEF38BC62BA4D5C62897996625A4" +
        "4C29BE5658DE2E6117585779E7B59FFD971278D08580D7FA899E410E910EABF5" +
        "AA1DB43050B33B49182637759AC15D84BFCDF5B6B238993C0F4CF4D6012023F6" +
        "C627297075D84B7803912D0A9639634453595EF3E33FFE4E7AC2AB";
    private const string Smb30Response =
        "FE534D4240000100000000000900210009000000000000000400000000000000" +
        "FFFE0000010000001100001400E4080000000000000000000000000000000000" +
        "11000000170000000000000000000000";
    private const string Smb30TransformedResponse =
        "FD534D42A6015530A18F6D9AFFE22AFAE8E66484860000000000000011000014" +
        "00E4080050000000000001001100001400E40800DBF46435C5F14169293CE079" +
        "E344479BF670227E49873F458672C3098DAC467DD5809F369D67409166515787" +
        "1483E01F7BECD02064EAC3E235F913668BBC2F097980D4B378F1993EFF6E60D1" +
        "77309E5B";

    // SMB 3.1.1, AES-128-GCM: SessionKey 419FDDF34C1E001909D362AE7FB6AF79, SessionId 0x100000000025.
    private const string Smb311DecryptionKey = "A2F5E80E5D59103034F32E52F698E5EC"; // "SMBC2SCipherKey"
    private const string Smb311EncryptionKey = "748C50868C90F302962A5C35F5F9A8BF"; // "SMBS2CCipherKey"
    private const string Smb311Request =
        "FE534D4240000100000000000900010008000000000000000500000000000000FFFE000001000000" +
        "25000000001000000000000000000000000000000000000031007000170000000000000000000000" +
        "0600000004000000010000000400000000000000000000007000000000000000536D623320656E63" +
        "72797074696F6E2074657374696E67";
    private const string Smb311TransformedRequest =
        "FD534D42BD73D97D2BC9001BCAFAC0FDFF5FEEBCC7D6822D269CAF48904C664C0000000087000000" +
        "0000010025000000001000006ECDD2A7AFC7B47763057A041B8FD4DAFFE990B70C9E09D36C084E02" +
        "D14EF247F8BDE38ACF6256F8B1D3B56F77FBDEB312FEA5E92CBCC1ED8FB2EBBFAA75E49A4A394BB4" +
        "4576545567C24D4C014D47C9FBDFDAFD2C4F9B72F8D256452620A299F48E29E53D6B61D1C13A19E9" +
        "1AF013F00D17E3ABC2FC3D36C8C1B6B93973253852DBD442E46EE8";
    private const string Smb311Response =
        "FE534D4240000100000000000900010001000000000000000500000000000000FFFE000001000000" +
        "25000000001000000000000000000000000000000000000011000000170000000000000000000000";
    private const string Smb311TransformedResponse =
        "FD534D42ACBE1CB7ED343ADF1725EF144D90D4B0E06831DD2E8EB7B4000000000000000050000000" +
        "00000100250000000010000026BBBF949983A6C1C796559D0F2C510CB651D1F7B6AC8DED32A2A0B8" +
        "F2D793A815C6F6B848D69767A215841A42D400AE6DDB5F0B44173A014973321FDD7950DA6179159B" +
        "82E03C9E18A050FF0EA1C967";

    [Theory]
    [InlineData(Smb2CipherId.Aes128Ccm, Smb30DecryptionKey, Smb30TransformedRequest, Smb30Request)]
    [InlineData(Smb2CipherId.Aes128Gcm, Smb311DecryptionKey, Smb311TransformedRequest, Smb311Request)]
    public void ServerDecryptsThePublishedRequest(Smb2CipherId id, string key, string transformed, string expected)
    {
        using var cipher = Smb2Cipher.Create(id, Hex.Bytes(key));
        var input = Hex.Embedded(Hex.Bytes(transformed), before: 19, after: 5);
        var message = new byte[200];
        Assert.True(cipher.TryDecryptMessage(input.Span, message, out int length, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(expected, Convert.ToHexString(message, 0, length));
    }

    [Theory]
    [InlineData(Smb2CipherId.Aes128Ccm, Smb30DecryptionKey, Smb30TransformedRequest, Smb30Request)]
    [InlineData(Smb2CipherId.Aes128Gcm, Smb311DecryptionKey, Smb311TransformedRequest, Smb311Request)]
    public void DecryptionWorksInPlace(Smb2CipherId id, string key, string transformed, string expected)
    {
        using var cipher = Smb2Cipher.Create(id, Hex.Bytes(key));
        var buffer = Hex.Bytes(transformed);
        Assert.True(cipher.TryDecryptMessage(buffer, buffer.AsSpan(Smb2TransformHeader.Size), out int length, out _));
        Assert.Equal(expected, Convert.ToHexString(buffer, Smb2TransformHeader.Size, length));
    }

    [Theory]
    [InlineData(Smb2CipherId.Aes128Ccm, Smb30EncryptionKey, Smb30Response, Smb30TransformedResponse)]
    [InlineData(Smb2CipherId.Aes128Gcm, Smb311EncryptionKey, Smb311Response, Smb311TransformedResponse)]
    [InlineData(Smb2CipherId.Aes128Ccm, Smb30DecryptionKey, Smb30Request, Smb30TransformedRequest)]
    [InlineData(Smb2CipherId.Aes128Gcm, Smb311DecryptionKey, Smb311Request, Smb311TransformedRequest)]
    public void EncryptionReproducesThePublishedMessage(Smb2CipherId id, string key, string plaintext, string expected)
    {
        // The same key and nonce give the same bytes; the requests were made by the client with
        // the key the server decrypts with, which works just as well for this check.
        var expectedBytes = Hex.Bytes(expected);
        Assert.True(Smb2TransformHeader.TryParse(expectedBytes, out var published, out _));
        using var cipher = Smb2Cipher.Create(id, Hex.Bytes(key));
        var message = Hex.Bytes(plaintext);

        var destination = new byte[Smb2TransformHeader.Size + message.Length + 10];
        cipher.EncryptMessage(published with { Signature = default }, message, destination);
        Assert.Equal(expected, Convert.ToHexString(destination, 0, expectedBytes.Length));

        // In place: the message already sits behind 52 reserved bytes.
        var buffer = new byte[Smb2TransformHeader.Size + message.Length];
        message.CopyTo(buffer, Smb2TransformHeader.Size);
        cipher.EncryptMessage(published, buffer.AsSpan(Smb2TransformHeader.Size), buffer);
        Assert.Equal(expected, Convert.ToHexString(buffer));
    }

    public static TheoryData<Smb2CipherId, int> CiphersAndLengths => new()
    {
        { Smb2CipherId.Aes128Ccm, 64 }, { Smb2CipherId.Aes128Ccm, 65537 },
        { Smb2CipherId.Aes128Gcm, 64 }, { Smb2CipherId.Aes128Gcm, 65537 },
        { Smb2CipherId.Aes256Ccm, 100 }, { Smb2CipherId.Aes256Ccm, 8193 },
        { Smb2CipherId.Aes256Gcm, 100 }, { Smb2CipherId.Aes256Gcm, 1 << 20 },
    };

    private static (Smb2Cipher Cipher, Smb2NonceGenerator Nonces, byte[] Message) Setup(Smb2CipherId id, int length)
    {
        var key = new byte[Smb2Cipher.KeySizeOf(id)];
        var random = new Random(length);
        random.NextBytes(key);
        var message = new byte[length];
        random.NextBytes(message);
        return (Smb2Cipher.Create(id, key), new Smb2NonceGenerator(id), message);
    }

    [Theory]
    [MemberData(nameof(CiphersAndLengths))]
    public void EveryCipherRoundTrips(Smb2CipherId id, int length)
    {
        var (cipher, nonces, message) = Setup(id, length);
        using var owned = cipher;
        var transformed = new byte[Smb2TransformHeader.Size + length];
        var header = cipher.EncryptMessage(nonces, 0x1122334455667788, message, transformed);
        Assert.Equal((uint)length, header.OriginalMessageSize);
        Assert.Equal(0x1122334455667788UL, header.SessionId);
        Assert.Equal(Smb2TransformHeader.FlagEncrypted, header.Flags);
        Assert.True(Smb2TransformHeader.TryParse(transformed, out var parsed, out _));
        Assert.Equal(header, parsed);
        Assert.False(transformed.AsSpan(Smb2TransformHeader.Size).SequenceEqual(message));

        var decrypted = new byte[length];
        Assert.True(cipher.TryDecryptMessage(transformed, decrypted, out int n, out var error), error.ToString());
        Assert.Equal(length, n);
        Assert.Equal(message, decrypted);

        // A second message gets a different nonce and so different bytes.
        var again = new byte[transformed.Length];
        var second = cipher.EncryptMessage(nonces, 0x1122334455667788, message, again);
        Assert.NotEqual(header.Nonce, second.Nonce);
        Assert.False(again.AsSpan(Smb2TransformHeader.Size).SequenceEqual(transformed.AsSpan(Smb2TransformHeader.Size)));
    }

    [Theory]
    [InlineData(Smb2CipherId.Aes128Ccm)]
    [InlineData(Smb2CipherId.Aes128Gcm)]
    [InlineData(Smb2CipherId.Aes256Ccm)]
    [InlineData(Smb2CipherId.Aes256Gcm)]
    public void AnyChangedByteFailsWithAccessDenied(Smb2CipherId id)
    {
        var (cipher, nonces, message) = Setup(id, 300);
        using var owned = cipher;
        var transformed = new byte[Smb2TransformHeader.Size + message.Length];
        cipher.EncryptMessage(nonces, 77, message, transformed);
        int nonceEnd = Smb2TransformHeader.NonceOffset + cipher.NonceSize;
        // Signature, used nonce bytes, reserved nonce bytes, reserved field, SessionId, ciphertext.
        foreach (int index in new[] { 4, 19, 20, nonceEnd - 1, nonceEnd, 35, 40, 41, 44, 51, 52, 200, transformed.Length - 1 })
        {
            var tampered = (byte[])transformed.Clone();
            tampered[index] ^= 0x10;
            var output = new byte[message.Length];
            Assert.False(cipher.TryDecryptMessage(tampered, output, out int n, out var error), $"byte {index}");
            Assert.Equal(NtStatus.AccessDenied, error);
            Assert.Equal(0, n);
            Assert.All(output, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void AnotherKeyFailsWithAccessDenied()
    {
        var (cipher, nonces, message) = Setup(Smb2CipherId.Aes128Gcm, 100);
        using var owned = cipher;
        var transformed = new byte[Smb2TransformHeader.Size + message.Length];
        cipher.EncryptMessage(nonces, 1, message, transformed);
        using var other = Smb2Cipher.Create(Smb2CipherId.Aes128Gcm, new byte[16]);
        Assert.False(other.TryDecryptMessage(transformed, new byte[100], out _, out var error));
        Assert.Equal(NtStatus.AccessDenied, error);
    }

    [Fact]
    public void MalformedOrUndersizedInputGivesItsStatus()
    {
        var (cipher, nonces, message) = Setup(Smb2CipherId.Aes128Ccm, 100);
        using var owned = cipher;
        var transformed = new byte[Smb2TransformHeader.Size + message.Length];
        cipher.EncryptMessage(nonces, 1, message, transformed);

        Assert.False(cipher.TryDecryptMessage(transformed.AsSpan(0, transformed.Length - 1), new byte[100], out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        Assert.False(cipher.TryDecryptMessage(transformed.AsSpan(0, 30), new byte[100], out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        Assert.False(cipher.TryDecryptMessage(transformed, new byte[99], out _, out error));
        Assert.Equal(NtStatus.BufferTooSmall, error);
    }

    [Fact]
    public void EncryptMessageRejectsCallerMistakes()
    {
        var (cipher, nonces, message) = Setup(Smb2CipherId.Aes128Gcm, 100);
        using var owned = cipher;
        var header = Smb2TransformHeader.ForMessage(nonces.Next(), 100, 1);
        Assert.Throws<ArgumentException>(() => cipher.EncryptMessage(header, message, new byte[151]));
        Assert.Throws<ArgumentException>(() => cipher.EncryptMessage(header with { OriginalMessageSize = 99 }, message, new byte[152]));
        Assert.Throws<ArgumentException>(() => cipher.EncryptMessage(Smb2TransformHeader.ForMessage(nonces.Next(), 0, 1), [], new byte[152]));
        var buffer = new byte[200];
        Assert.Throws<ArgumentException>(() => cipher.EncryptMessage(header, buffer.AsSpan(10, 100), buffer));
        Assert.Throws<ArgumentException>(() => cipher.EncryptMessage(new Smb2NonceGenerator(Smb2CipherId.Aes128Ccm), 1, message, new byte[152]));
    }

    [Theory]
    [InlineData(Smb2CipherId.Aes128Ccm)]
    [InlineData(Smb2CipherId.Aes128Gcm)]
    [InlineData(Smb2CipherId.Aes256Ccm)]
    [InlineData(Smb2CipherId.Aes256Gcm)]
    public void EncryptAndDecryptDoNotAllocate(Smb2CipherId id)
    {
        var (cipher, nonces, message) = Setup(id, 4096 + 200);
        using var owned = cipher;
        var transformed = new byte[Smb2TransformHeader.Size + message.Length];
        var decrypted = new byte[message.Length];
        cipher.EncryptMessage(nonces, 5, message, transformed);
        Assert.True(cipher.TryDecryptMessage(transformed, decrypted, out _, out _));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            cipher.EncryptMessage(nonces, 5, message, transformed);
            cipher.TryDecryptMessage(transformed, decrypted, out _, out _);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(message, decrypted);
    }

    [Fact]
    public void DisposedCcmCipherThrows()
    {
        var cipher = Smb2Cipher.Create(Smb2CipherId.Aes128Ccm, new byte[16]);
        cipher.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cipher.Encrypt(new byte[11], new byte[4], new byte[4], new byte[16], default));
    }
}
