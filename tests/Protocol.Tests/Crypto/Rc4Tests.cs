using Protocol.Crypto;

namespace Protocol.Tests.Crypto;

public class Rc4Tests
{
    // RFC 6229 section 2: keystream (encryption of zeros) at the given offsets.
    public static TheoryData<string, int, string> Rfc6229 => new()
    {
        { "0102030405", 0, "b2396305f03dc027ccc3524a0a1118a8" },
        { "0102030405", 16, "6982944f18fc82d589c403a47a0d0919" },
        { "0102030405", 240, "28cb1132c96ce286421dcaadb8b69eae" },
        { "0102030405060708", 0, "97ab8a1bf0afb96132f2f67258da15a8" },
        { "0102030405060708", 16, "8263efdb45c4a18684ef87e6b19e5b09" },
        { "0102030405060708", 240, "9636ebc9841926f4f7d1f362bddf6e18" },
        { "0102030405060708090a0b0c0d0e0f10", 0, "9ac7cc9a609d1ef7b2932899cde41b97" },
        { "0102030405060708090a0b0c0d0e0f10", 16, "5248c4959014126a6e8a84f11d1a9e1c" },
        { "0102030405060708090a0b0c0d0e0f10", 240, "065902e4b620f6cc36c8589f66432f2b" },
        { "0102030405060708090a0b0c0d0e0f10", 256, "d39d566bc6bce3010768151549f3873f" },
        { "0102030405060708090a0b0c0d0e0f10", 496, "b6d1e6c4a5e4771cad79538df295fb11" },
        { "0102030405060708090a0b0c0d0e0f10", 512, "c68c1d5c559a974123df1dbc52a43b89" },
        { "0102030405060708090a0b0c0d0e0f10", 752, "c5ecf88de897fd57fed301701b82a259" },
        { "0102030405060708090a0b0c0d0e0f10", 768, "eccbe13de1fcc91c11a0b26c0bc8fa4d" },
        { "0102030405060708090a0b0c0d0e0f10", 1008, "e7a72574f8782ae26aabcf9ebcd66065" },
        { "0102030405060708090a0b0c0d0e0f10", 1024, "bdf0324e6083dcc6d3cedd3ca8c53c16" },
        { "0102030405060708090a0b0c0d0e0f10", 1520, "b40110c4190b5622a96116b0017ed297" },
        { "0102030405060708090a0b0c0d0e0f10", 1536, "ffa0b514647ec04f6306b892ae661181" },
        { "0102030405060708090a0b0c0d0e0f10", 2032, "d03d1bc03cd33d70dff9fa5d71963ebd" },
        { "0102030405060708090a0b0c0d0e0f10", 2048, "8a44126411eaa78bd51e8d87a8879bf5" },
        { "0102030405060708090a0b0c0d0e0f10", 3056, "fabeb76028ade2d0e48722e46c4615a3" },
        { "0102030405060708090a0b0c0d0e0f10", 3072, "c05d88abd50357f935a63c59ee537623" },
        { "0102030405060708090a0b0c0d0e0f10", 4080, "ff38265c1642c1abe8d3c2fe5e572bf8" },
        { "0102030405060708090a0b0c0d0e0f10", 4096, "a36a4c301ae8ac13610ccbc12256cacc" },
    };

    [Theory]
    [MemberData(nameof(Rfc6229))]
    public void Rfc6229Keystream(string keyHex, int offset, string expectedHex)
    {
        var stream = new byte[offset + 16];
        Rc4.Apply(Hex.Bytes(keyHex), stream, stream);
        Assert.Equal(expectedHex, Hex.Of(stream.AsSpan(offset, 16)));
    }

    [Fact]
    public void KeystreamContinuesAcrossCalls()
    {
        var key = Hex.Bytes("0102030405060708090a0b0c0d0e0f10");
        var whole = new byte[300];
        Rc4.Apply(key, whole, whole);

        var rc4 = new Rc4(key);
        var pieces = new byte[300];
        rc4.Transform(pieces.AsSpan(0, 7));
        rc4.Transform(pieces.AsSpan(7, 200));
        rc4.Transform(pieces.AsSpan(207));
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void DecryptingRestoresThePlaintext()
    {
        var key = "Key"u8.ToArray();
        var cipher = new byte[9];
        Rc4.Apply(key, "Plaintext"u8, cipher);
        var plain = new byte[9];
        Rc4.Apply(key, cipher, plain);
        Assert.Equal("Plaintext"u8.ToArray(), plain);
    }

    [Fact]
    public void EmptyKeyIsAProgrammingError()
        => Assert.Throws<ArgumentException>(() => new Rc4([]));
}
