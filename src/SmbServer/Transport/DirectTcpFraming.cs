using System.Buffers.Binary;

namespace SmbServer.Transport;

/// <summary>
/// Direct TCP transport framing (MS-SMB2 2.1): each message is preceded by a 4-byte header, a zero
/// byte and a 24-bit big-endian length.
/// </summary>
public static class DirectTcpFraming
{
    public const int HeaderSize = 4;

    /// <summary>Largest message we accept: 8 MiB of WRITE data plus headers and a compound's worth of room.</summary>
    public const int MaxMessageSize = 8 * 1024 * 1024 + 64 * 1024;

    /// <summary>Returns the message length, or -1 when the header is not a session message (framing lost).</summary>
    public static int ReadLength(ReadOnlySpan<byte> header)
    {
        if (header[0] != 0) return -1;
        return (header[1] << 16) | (header[2] << 8) | header[3];
    }

    public static void WriteHeader(Span<byte> header, int length)
    {
        header[0] = 0;
        header[1] = (byte)(length >> 16);
        header[2] = (byte)(length >> 8);
        header[3] = (byte)length;
    }

    public static void WriteHeader(Span<byte> header, uint length) => BinaryPrimitives.WriteUInt32BigEndian(header, length & 0x00FFFFFF);
}
