using Protocol.Encryption;

namespace Protocol.Tests.Encryption;

public class Smb2NonceGeneratorTests
{
    [Theory]
    [InlineData(Smb2CipherId.Aes128Ccm, 0x00ABCDEFUL)]
    [InlineData(Smb2CipherId.Aes256Ccm, 0x00ABCDEFUL)]
    [InlineData(Smb2CipherId.Aes128Gcm, 0x89ABCDEFUL)]
    [InlineData(Smb2CipherId.Aes256Gcm, 0x89ABCDEFUL)]
    public void CounterThenFixedFieldThenZeros(Smb2CipherId id, ulong expectedFixed)
    {
        var generator = new Smb2NonceGenerator(id, fixedField: 0xFFFF_FFFF_89AB_CDEF, firstCounter: 0x0102030405060708);
        var nonce = generator.Next();
        var bytes = new byte[16];
        nonce.Write(bytes);
        Assert.Equal("0807060504030201", Hex.Of(bytes.AsSpan(0, 8)));
        Assert.Equal(expectedFixed, nonce.High);
        Assert.All(bytes[Smb2Cipher.NonceSizeOf(id)..], b => Assert.Equal(0, b));
        Assert.Equal(0x0102030405060709UL, generator.Next().Low);
    }

    [Fact]
    public void NoncesAreUniqueAcrossThreads()
    {
        var generator = new Smb2NonceGenerator(Smb2CipherId.Aes128Gcm);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<Smb2TransformNonce, byte>();
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 5000; i++) Assert.True(seen.TryAdd(generator.Next(), 0));
        });
        Assert.Equal(20000, seen.Count);
    }

    [Fact]
    public void TwoGeneratorsUseDifferentFixedFields()
    {
        // Random 32-bit fields: a collision in 8 draws has a chance of about 1 in 600 million.
        var fields = Enumerable.Range(0, 8).Select(_ => new Smb2NonceGenerator(Smb2CipherId.Aes128Gcm).Next().High).ToHashSet();
        Assert.Equal(8, fields.Count);
    }

    [Fact]
    public void TheCounterNeverWraps()
    {
        var generator = new Smb2NonceGenerator(Smb2CipherId.Aes128Ccm, 1, ulong.MaxValue - 1);
        Assert.Equal(ulong.MaxValue - 1, generator.Next().Low);
        Assert.Equal(ulong.MaxValue, generator.Next().Low);
        Assert.Throws<InvalidOperationException>(() => generator.Next());
        Assert.Throws<InvalidOperationException>(() => generator.Next());
    }

    [Fact]
    public void NextDoesNotAllocate()
    {
        var generator = new Smb2NonceGenerator(Smb2CipherId.Aes128Gcm);
        generator.Next();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) generator.Next();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
