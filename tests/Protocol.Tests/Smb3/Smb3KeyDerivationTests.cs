using Protocol.Encryption;
using Protocol.Smb2;
using Protocol.Smb3;

namespace Protocol.Tests.Smb3;

/// <summary>
/// The blogs print keys as the client holds them: its EncryptionKey is the server's DecryptionKey
/// ("ServerIn " / "SMBC2SCipherKey") and the other way round.
/// </summary>
public class Smb3KeyDerivationTests
{
    [Fact]
    public void Smb30FromTheAnatomyOfKeysBlog()
    {
        using var keys = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb300, Hex.Bytes("7CD451825D0450D235424E44BA6E78CC"), default, Smb2CipherId.Aes128Gcm);
        Assert.Equal(Smb2CipherId.Aes128Ccm, keys.CipherId); // 3.0 negotiates no cipher
        Assert.Equal("0B7E9C5CAC36C0F6EA9AB275298CEDCE", Convert.ToHexString(keys.SigningKey));
        Assert.Equal("BB23A4575AA26C721AF525AF15A87B4F", Convert.ToHexString(keys.ApplicationKey));
        Assert.Equal("B0F0427F7CEB416D1D9DCC0CD4F99447", Convert.ToHexString(keys.EncryptionKey));
        Assert.Equal("FAD27796665B313EBB578F388632B4F7", Convert.ToHexString(keys.DecryptionKey));
    }

    [Fact]
    public void Smb30SecondChannelSigningKey()
    {
        // Same blog, session binding: Channel.SigningKey from the second authentication's key.
        var signingKey = new byte[16];
        Smb3KeyDerivation.DeriveSigningKey(Smb2Dialect.Smb302, Hex.Bytes("4E01A2B313BCF660CC250BEF021AEDE6"), default, signingKey);
        Assert.Equal("BA1A17DBBFEC349BCA105563D598952F", Convert.ToHexString(signingKey));
    }

    [Fact]
    public void Smb311FromTheAnatomyOfKeysBlogWithTheHashComputedHere()
    {
        using var connection = new Smb2PreauthIntegrityHash();
        connection.Update(Hex.Bytes(PreauthVectors.NegotiateRequest));
        connection.Update(Hex.Bytes(PreauthVectors.NegotiateResponse));
        using var session = connection.Clone();
        session.Update(Hex.Bytes(PreauthVectors.SessionSetupRequest1));
        session.Update(Hex.Bytes(PreauthVectors.SessionSetupResponse1));
        session.Update(Hex.Bytes(PreauthVectors.SessionSetupRequest2));

        using var keys = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb311, Hex.Bytes(PreauthVectors.SessionKey), session.Value, Smb2CipherId.Aes128Gcm);
        Assert.Equal("73FE7A9A77BEF0BDE49C650D8CCB5F76", Convert.ToHexString(keys.SigningKey));
        Assert.Equal("6D7AD7954E9EC61E907B4D473DC178FF", Convert.ToHexString(keys.ApplicationKey));
        Assert.Equal("E2AF0DCEFAC68DA71A0DFBD0D1350D74", Convert.ToHexString(keys.EncryptionKey));
        Assert.Equal("629BCBC54422A0F572B97F45989B6073", Convert.ToHexString(keys.DecryptionKey));
    }

    [Fact]
    public void EncryptionBlogKeys()
    {
        // "Encryption in SMB 3.0: a protocol perspective": SessionKey B4546771B515F766A86735532DD6C4F0.
        using (var keys = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb300, Hex.Bytes("B4546771B515F766A86735532DD6C4F0"), default, default))
        {
            Assert.Equal("8FE2B57EC34D2DB5B1A9727F526BBDB5", Convert.ToHexString(keys.EncryptionKey));
            Assert.Equal("261B72350558F2E9DCF613070383EDBF", Convert.ToHexString(keys.DecryptionKey));
        }
        // "SMB 3.1.1 Encryption in Windows 10": SessionKey 419FDDF34C1E001909D362AE7FB6AF79, AES-128-GCM.
        var preauth = Hex.Bytes(
            "B23F3CBFD69487D9832B79B1594A367CDD950909B774C3A4C412B4FCEA9EDDDBA7DB256BA2EA30E9" +
            "77F11F9B113247578E0E915C6D2A513B8F2FCA5707DC8770");
        using (var keys = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb311, Hex.Bytes("419FDDF34C1E001909D362AE7FB6AF79"), preauth, Smb2CipherId.Aes128Gcm))
        {
            Assert.Equal("748C50868C90F302962A5C35F5F9A8BF", Convert.ToHexString(keys.EncryptionKey));
            Assert.Equal("A2F5E80E5D59103034F32E52F698E5EC", Convert.ToHexString(keys.DecryptionKey));
        }
    }

    [Theory]
    [InlineData(Smb2CipherId.Aes256Gcm)]
    [InlineData(Smb2CipherId.Aes256Ccm)]
    public void Aes256CiphersTakeTheFullKeyAndL256(Smb2CipherId cipherId)
    {
        // A Kerberos-sized 32-byte key: signing uses its first 16 bytes, the cipher keys all 32.
        var fullKey = new byte[32];
        new Random(32).NextBytes(fullKey);
        var preauth = new byte[64];
        new Random(64).NextBytes(preauth);
        using var keys = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb311, fullKey, preauth, cipherId);

        var expected = new byte[32];
        Smb3Kdf.Derive(fullKey, "SMBS2CCipherKey\0"u8, preauth, expected);
        Assert.Equal(expected, keys.EncryptionKey.ToArray());
        Smb3Kdf.Derive(fullKey, "SMBC2SCipherKey\0"u8, preauth, expected);
        Assert.Equal(expected, keys.DecryptionKey.ToArray());

        var signing = new byte[16];
        Smb3Kdf.Derive(fullKey.AsSpan(0, 16), "SMBSigningKey\0"u8, preauth, signing);
        Assert.Equal(signing, keys.SigningKey.ToArray());

        using var cipher = Smb2Cipher.Create(cipherId, keys.EncryptionKey);
        Assert.Equal(cipherId, cipher.CipherId);
    }

    [Fact]
    public void Aes128CiphersTakeTheTruncatedKey()
    {
        var fullKey = new byte[32];
        new Random(1).NextBytes(fullKey);
        var preauth = new byte[64];
        using var keys = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb311, fullKey, preauth, Smb2CipherId.Aes128Ccm);
        var expected = new byte[16];
        Smb3Kdf.Derive(fullKey.AsSpan(0, 16), "SMBS2CCipherKey\0"u8, preauth, expected);
        Assert.Equal(expected, keys.EncryptionKey.ToArray());
    }

    [Fact]
    public void ShortSessionKeysArePaddedWithZeros()
    {
        using var shortKeys = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb300, Hex.Bytes("7CD451825D0450D2"), default, default);
        using var padded = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb300, Hex.Bytes("7CD451825D0450D20000000000000000"), default, default);
        Assert.Equal(padded.SigningKey.ToArray(), shortKeys.SigningKey.ToArray());
        Assert.Equal(padded.EncryptionKey.ToArray(), shortKeys.EncryptionKey.ToArray());
    }

    [Fact]
    public void DisposeZeroesTheKeys()
    {
        var keys = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb311, Hex.Bytes(PreauthVectors.SessionKey), new byte[64], Smb2CipherId.Aes256Gcm);
        Assert.Contains(keys.EncryptionKeyBuffer.ToArray(), b => b != 0);
        keys.Dispose();
        Assert.All(keys.SigningKeyBuffer.ToArray(), b => Assert.Equal(0, b));
        Assert.All(keys.ApplicationKeyBuffer.ToArray(), b => Assert.Equal(0, b));
        Assert.All(keys.EncryptionKeyBuffer.ToArray(), b => Assert.Equal(0, b));
        Assert.All(keys.DecryptionKeyBuffer.ToArray(), b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => keys.SigningKey.Length);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        var key = new byte[16];
        Assert.Throws<ArgumentOutOfRangeException>(() => Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb210, key, default, default));
        Assert.Throws<ArgumentException>(() => Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb311, key, new byte[32], Smb2CipherId.Aes128Gcm));
        Assert.Throws<ArgumentOutOfRangeException>(() => Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb311, key, new byte[64], (Smb2CipherId)0));
        Assert.Throws<ArgumentException>(() => Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb300, [], default, default));
        Assert.Throws<ArgumentException>(() => Smb3KeyDerivation.DeriveSigningKey(Smb2Dialect.Smb300, key, default, new byte[32]));
    }
}
