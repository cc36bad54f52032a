using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

/// <summary>Writes a body after a header in a larger buffer, for parsing at a non-zero offset.</summary>
internal delegate int BodyWriter(Span<byte> message, int bodyOffset);

/// <summary>
/// A message placed at an odd, non-zero position of a larger buffer filled with 0xCC, so a parser that
/// counts offsets from the buffer instead of the header, or a writer that leaves bytes unset, shows.
/// </summary>
internal sealed class Smb2TestMessage
{
    public const int Prefix = 13;
    public const int BodyOffset = Smb2Header.Size;

    public byte[] Buffer { get; }
    public int Length { get; set; }

    private Smb2TestMessage(byte[] buffer, int length)
    {
        Buffer = buffer;
        Length = length;
    }

    public ReadOnlySpan<byte> Message => Buffer.AsSpan(Prefix, Length);

    /// <summary>The message bytes, writable, for corrupting fields.</summary>
    public Span<byte> Bytes => Buffer.AsSpan(Prefix, Length);

    public Span<byte> Body => Buffer.AsSpan(Prefix + BodyOffset, Length - BodyOffset);

    public static Smb2TestMessage Build(Smb2Command command, BodyWriter write, int capacity = 4096)
    {
        var buffer = new byte[Prefix + capacity + 32];
        buffer.AsSpan().Fill(0xCC);
        var message = buffer.AsSpan(Prefix, capacity);
        new Smb2Header { Command = command, CreditRequestResponse = 1, MessageId = 7 }.Write(message);
        int bodyLength = write(message, BodyOffset);
        return new Smb2TestMessage(buffer, BodyOffset + bodyLength);
    }

    /// <summary>A message made of a header and <paramref name="body"/> as given, at the odd position.</summary>
    public static Smb2TestMessage FromBody(Smb2Command command, byte[] body)
        => Build(command, (m, o) => { body.CopyTo(m[o..]); return body.Length; });

    /// <summary>The same message with its last <paramref name="count"/> bytes cut off.</summary>
    public Smb2TestMessage Truncated(int count) => new(Buffer, Length - count);

    public string BodyHex => Convert.ToHexString(Body);
}

internal static class Hex
{
    /// <summary>Hex with optional spaces, as in the spec's byte tables.</summary>
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("\n", ""));

    public static string Normal(string hex) => hex.Replace(" ", "").Replace("\n", "").ToUpperInvariant();
}
