namespace Protocol.Crypto;

/// <summary>
/// The RC4 stream cipher (as tested by RFC 6229). NTLM needs it for the key exchange
/// (MS-NLMP 3.4.5.1 RC4K: the EncryptedRandomSessionKey) and for sealing the checksum of a
/// message signature (MS-NLMP 3.4.4.2); the BCL does not offer it.
/// </summary>
/// <remarks>
/// An instance is a keystream position: each <see cref="Transform(Span{byte})"/> continues where
/// the previous one stopped, which is how NTLM uses its sealing handle across messages
/// (MS-NLMP 3.4: "the client and server sealing keys are computed only once per session").
/// Not thread-safe.
/// </remarks>
public sealed class Rc4
{
    private readonly byte[] _s = new byte[256];
    private byte _i;
    private byte _j;

    public Rc4(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty || key.Length > 256) throw new ArgumentException("RC4 key must be 1..256 bytes", nameof(key));
        var s = _s;
        for (int n = 0; n < 256; n++) s[n] = (byte)n;
        byte j = 0;
        for (int n = 0; n < 256; n++)
        {
            j = (byte)(j + s[n] + key[n % key.Length]);
            (s[n], s[j]) = (s[j], s[n]);
        }
    }

    /// <summary>Encrypts or decrypts <paramref name="input"/> into <paramref name="output"/> (same length; may be the same memory).</summary>
    public void Transform(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < input.Length) throw new ArgumentException("output too small", nameof(output));
        var s = _s;
        byte i = _i, j = _j;
        for (int n = 0; n < input.Length; n++)
        {
            i++;
            byte si = s[i];
            j = (byte)(j + si);
            byte sj = s[j];
            s[i] = sj;
            s[j] = si;
            output[n] = (byte)(input[n] ^ s[(byte)(si + sj)]);
        }
        _i = i;
        _j = j;
    }

    /// <summary>Encrypts or decrypts <paramref name="data"/> in place.</summary>
    public void Transform(Span<byte> data) => Transform(data, data);

    /// <summary>One-shot RC4K(key, input) of MS-NLMP 6: a fresh keystream over <paramref name="input"/>.</summary>
    public static void Apply(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> output)
        => new Rc4(key).Transform(input, output);
}
