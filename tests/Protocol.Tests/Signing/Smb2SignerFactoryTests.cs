using Protocol.Signing;
using Protocol.Smb2;

namespace Protocol.Tests.Signing;

public class Smb2SignerFactoryTests
{
    [Theory]
    [InlineData(Smb2Dialect.Smb202, null, Smb2SigningAlgorithm.HmacSha256)]
    [InlineData(Smb2Dialect.Smb210, null, Smb2SigningAlgorithm.HmacSha256)]
    [InlineData(Smb2Dialect.Smb300, null, Smb2SigningAlgorithm.AesCmac)]
    [InlineData(Smb2Dialect.Smb302, Smb2SigningAlgorithm.AesGmac, Smb2SigningAlgorithm.AesCmac)] // only 3.1.1 negotiates
    [InlineData(Smb2Dialect.Smb311, null, Smb2SigningAlgorithm.AesCmac)]
    [InlineData(Smb2Dialect.Smb311, Smb2SigningAlgorithm.AesGmac, Smb2SigningAlgorithm.AesGmac)]
    [InlineData(Smb2Dialect.Smb311, Smb2SigningAlgorithm.HmacSha256, Smb2SigningAlgorithm.HmacSha256)]
    public void AlgorithmFollowsDialectAndNegotiation(Smb2Dialect dialect, Smb2SigningAlgorithm? negotiated, Smb2SigningAlgorithm expected)
        => Assert.Equal(expected, Smb2SignerFactory.AlgorithmFor(dialect, negotiated));

    [Fact]
    public void CreatesTheMatchingSigner()
    {
        var key = new byte[16];
        using var hmac = Smb2SignerFactory.Create(Smb2SigningAlgorithm.HmacSha256, key, Smb2SigningRole.Server);
        using var cmac = Smb2SignerFactory.Create(Smb2SigningAlgorithm.AesCmac, key, Smb2SigningRole.Server);
        using var gmac = Smb2SignerFactory.Create(Smb2SigningAlgorithm.AesGmac, key, Smb2SigningRole.Server);
        Assert.IsType<Smb2HmacSha256Signer>(hmac);
        Assert.IsType<Smb2AesCmacSigner>(cmac);
        Assert.Equal(Smb2SigningRole.Server, Assert.IsType<Smb2AesGmacSigner>(gmac).Role);
        Assert.Throws<ArgumentOutOfRangeException>(() => Smb2SignerFactory.Create((Smb2SigningAlgorithm)7, key, Smb2SigningRole.Server));
    }
}
