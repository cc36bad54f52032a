using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SmbServer.Smb2;
using TEvent;

namespace SmbServer.Transport;

/// <summary>
/// Accepts TCP connections on one address and port and hands each to the least-loaded loop, where
/// the connection lives for the rest of its life.
/// </summary>
public sealed partial class SmbListener : IDisposable
{
    private readonly Socket _socket;
    private readonly SmbServerContext _server;
    private readonly LoopGroup _loops;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _acceptLoop;

    public SmbListener(IPEndPoint endPoint, SmbServerContext server, LoopGroup loops)
    {
        _server = server;
        _loops = loops;
        _logger = server.LoggerFactory.CreateLogger("SmbServer.Listener");
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
            _socket.DualMode = true;
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endPoint);
        _socket.Listen(512);
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public void Start() => _acceptLoop = AcceptLoop();

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _socket.AcceptAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                LogAcceptFailed(_logger, EndPoint.ToString(), e.Message);
                continue;
            }
            if (!_server.TryAddConnection())
            {
                // "max smbd processes": refuse by closing, as smbd does when it cannot fork.
                LogRefused(_logger, client.RemoteEndPoint?.ToString() ?? "?");
                client.Close();
                continue;
            }
            var ev = _loops.LeastLoaded();
            ev.AddLoad(1);
            ev.PostThreaded(static o =>
            {
                var (server, socket, loop) = ((SmbServerContext, Socket, EventContext))o!;
                var connection = new Smb2Connection(server, new SmbTransport(socket, loop), loop);
                server.Track(connection);
                connection.Start();
            }, (_server, client, ev));
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Close();
        try { _acceptLoop?.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Accept on {EndPoint} failed: {Reason}")]
    private static partial void LogAcceptFailed(ILogger logger, string endPoint, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Connection from {Client} refused: max smbd processes reached")]
    private static partial void LogRefused(ILogger logger, string client);
}
