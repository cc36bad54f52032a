using System.Net;
using System.Net.Sockets;

namespace SmbServer.IntegrationTests.Infrastructure;

public static class FreePort
{
    /// <summary>
    /// A loopback TCP port that was free a moment ago: the kernel picks it for a listener we
    /// close at once. Another process could take it before the server binds; the start-up wait
    /// then fails with the server's own bind error in the message.
    /// </summary>
    public static int Pick()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
