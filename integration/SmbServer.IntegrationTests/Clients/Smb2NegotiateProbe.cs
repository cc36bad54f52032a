using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>
/// Sends one SMB2 NEGOTIATE over Direct TCP and reads the response's SecurityMode and dialect.
/// smbclient cannot show what a server announces (it silently signs when the server requires
/// it), so this is the one place the tests speak raw SMB2; everything else goes through real
/// clients. Small on purpose: no session, no signing, just MS-SMB2 2.2.3 and 2.2.4.
/// </summary>
public static class Smb2NegotiateProbe
{
    public const ushort Smb202 = 0x0202;
    public const ushort Smb210 = 0x0210;

    private const int HeaderSize = 64;               // MS-SMB2 2.2.1.2 SMB2 Packet Header - SYNC
    private const int NegotiateRequestSize = 36;     // MS-SMB2 2.2.3 StructureSize
    private const int NegotiateResponseSize = 65;    // MS-SMB2 2.2.4 StructureSize

    public static async Task<Smb2NegotiateResponse> SendAsync(int port, IReadOnlyList<ushort> dialects, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel.Token);
        await socket.SendAsync(BuildRequest(dialects), SocketFlags.None, cancel.Token);

        // MS-SMB2 2.1: Direct TCP transport: a zero byte, then a 24-bit big-endian length.
        var transport = new byte[4];
        await ReceiveExactlyAsync(socket, transport, cancel.Token);
        var length = (transport[1] << 16) | (transport[2] << 8) | transport[3];
        if (transport[0] != 0 || length < HeaderSize + 6 || length > 1 << 20)
            throw new InvalidDataException($"bad Direct TCP header {Convert.ToHexString(transport)}");
        var message = new byte[length];
        await ReceiveExactlyAsync(socket, message, cancel.Token);
        return ParseResponse(message);
    }

    public static byte[] BuildRequest(IReadOnlyList<ushort> dialects)
    {
        var smbLength = HeaderSize + NegotiateRequestSize + 2 * dialects.Count;
        var packet = new byte[4 + smbLength];
        BinaryPrimitives.WriteInt32BigEndian(packet, smbLength);      // first byte stays 0
        var header = packet.AsSpan(4);
        header[0] = 0xFE; header[1] = (byte)'S'; header[2] = (byte)'M'; header[3] = (byte)'B';
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], HeaderSize);   // StructureSize
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], 0x0000);      // Command: NEGOTIATE
        BinaryPrimitives.WriteUInt16LittleEndian(header[14..], 1);           // CreditRequest
        // MessageId 0, TreeId 0, SessionId 0, Signature 0.

        var body = header[HeaderSize..];
        BinaryPrimitives.WriteUInt16LittleEndian(body, NegotiateRequestSize);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], (ushort)dialects.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], Smb2NegotiateResponse.SigningEnabled);
        // Reserved (2), Capabilities (4) = 0; ClientGuid (16) at 12; ClientStartTime (8) = 0.
        Guid.NewGuid().TryWriteBytes(body[12..28]);
        for (var i = 0; i < dialects.Count; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(body[(NegotiateRequestSize + 2 * i)..], dialects[i]);
        return packet;
    }

    public static Smb2NegotiateResponse ParseResponse(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderSize + 6 || message[0] != 0xFE || message[1] != 'S' || message[2] != 'M' || message[3] != 'B')
            throw new InvalidDataException($"not an SMB2 response: {Convert.ToHexString(message[..Math.Min(16, message.Length)])}");
        var status = BinaryPrimitives.ReadUInt32LittleEndian(message[8..]);
        var body = message[HeaderSize..];
        var structureSize = BinaryPrimitives.ReadUInt16LittleEndian(body);
        if (status != 0)
            return new Smb2NegotiateResponse(status, 0, 0);
        if (structureSize != NegotiateResponseSize)
            throw new InvalidDataException($"NEGOTIATE response StructureSize {structureSize}, expected {NegotiateResponseSize}");
        return new Smb2NegotiateResponse(status,
            BinaryPrimitives.ReadUInt16LittleEndian(body[2..]),
            BinaryPrimitives.ReadUInt16LittleEndian(body[4..]));
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancel)
    {
        while (buffer.Length > 0)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
            if (n == 0)
                throw new EndOfStreamException("the server closed the connection during NEGOTIATE");
            buffer = buffer[n..];
        }
    }
}
