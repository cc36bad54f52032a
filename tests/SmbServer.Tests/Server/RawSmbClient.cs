using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Protocol;
using Protocol.Smb1;
using Protocol.Smb2;

namespace SmbServer.Tests.Server;

/// <summary>
/// A test client that speaks raw SMB2 over TCP: it builds real packets with the Protocol writers,
/// so tests can send well-formed and deliberately broken requests to the real server.
/// </summary>
internal sealed class RawSmbClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private ulong _messageId;

    public RawSmbClient(IPEndPoint server)
    {
        _tcp = new TcpClient();
        _tcp.Connect(server);
        _tcp.ReceiveTimeout = 10_000;
        _stream = _tcp.GetStream();
    }

    public ulong NextMessageId => _messageId;

    public void SendFrame(ReadOnlySpan<byte> message)
    {
        var frame = new byte[4 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)message.Length);
        message.CopyTo(frame.AsSpan(4));
        _stream.Write(frame);
    }

    public void SendRaw(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    /// <summary>The next response message, or null when the server closed the connection.</summary>
    public byte[]? Receive()
    {
        var header = new byte[4];
        if (!ReadExactly(header)) return null;
        int length = (header[1] << 16) | (header[2] << 8) | header[3];
        var message = new byte[length];
        return ReadExactly(message) ? message : null;
    }

    /// <summary>True when the server closes the connection (within the receive timeout).</summary>
    public bool IsDisconnected()
    {
        try { return Receive() == null; }
        catch (IOException) { return true; }
    }

    private bool ReadExactly(byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n;
            try { n = _stream.Read(buffer, read, buffer.Length - read); }
            catch (IOException) { return false; }
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    public static byte[] Header(Smb2Command command, ulong messageId, ulong sessionId = 0, uint treeId = 0,
        Smb2HeaderFlags flags = 0, ushort creditRequest = 32, ushort creditCharge = 1)
    {
        var h = new byte[Smb2Header.Size];
        new Smb2Header(creditCharge, NtStatus.Success, command, creditRequest, flags, 0, messageId, 0, 0xFEFF, treeId, sessionId, default).Write(h);
        return h;
    }

    public byte[] Build(Smb2Command command, Func<byte[], int> writeBody, ulong sessionId = 0, uint treeId = 0, ulong? messageId = null)
    {
        var message = new byte[4096];
        Header(command, messageId ?? _messageId, sessionId, treeId).CopyTo(message, 0);
        int body = writeBody(message);
        if (messageId == null) _messageId++;
        return message.AsSpan(0, Smb2Header.Size + body).ToArray();
    }

    public byte[] NegotiateMessage(params Smb2Dialect[] dialects)
        => Build(Smb2Command.Negotiate, m => new Smb2NegotiateRequest((ushort)dialects.Length, Smb2SecurityMode.SigningEnabled,
            Smb2Capabilities.None, Guid.NewGuid(), 0, 0, 0).Write(m, Smb2Header.Size, dialects));

    public byte[]? Negotiate(params Smb2Dialect[] dialects)
    {
        SendFrame(NegotiateMessage(dialects.Length == 0 ? [Smb2Dialect.Smb202, Smb2Dialect.Smb210] : dialects));
        return Receive();
    }

    public byte[] EchoMessage() => Build(Smb2Command.Echo, m => new Smb2EchoRequest().Write(m, Smb2Header.Size));

    public static byte[] Smb1NegotiateMessage(params string[] dialects)
    {
        var buffer = new byte[512];
        int n = new Smb1NegotiateRequest().Write(buffer, dialects);
        return buffer.AsSpan(0, n).ToArray();
    }

    public static NtStatus StatusOf(byte[] response) => new(BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(Smb2Header.StatusOffset)));

    public void Dispose() => _tcp.Dispose();
}
