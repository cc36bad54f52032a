using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmbServer.Configuration;
using SmbServer.Transport;
using TEvent;

namespace SmbServer.Hosting;

/// <summary>
/// The server as a hosted service: starts the loops and listeners, prints what it serves, and on
/// stop closes the listeners first, then the connections, then the loops.
/// </summary>
public sealed partial class SmbHostedService(SmbServerContext server, ILogger<SmbHostedService> logger) : IHostedService
{
    private readonly List<SmbListener> _listeners = new();
    private LoopGroup? _loops;

    public IReadOnlyList<SmbListener> Listeners => _listeners;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var config = server.Config;
        ThreadJobPool.Shared.IdleSpin = config.EventLoopSpin;
        _loops = new LoopGroup(Environment.ProcessorCount, server.LoggerFactory, "smb-loop", config.EventLoopSpin);
        foreach (var endPoint in EndPoints(config))
        {
            var listener = new SmbListener(endPoint, server, _loops);
            listener.Start();
            _listeners.Add(listener);
        }
        Console.Out.Write(StartupBanner.Render(config, _listeners.Select(l => l.EndPoint).ToList()));
        Console.Out.Flush();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var l in _listeners) l.Dispose();
        _listeners.Clear();
        server.CloseAllConnections();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (server.Connections > 0 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        _loops?.Stop();
        LogStopped(logger);
        return Task.CompletedTask;
    }

    private IEnumerable<IPEndPoint> EndPoints(ServerConfig config)
    {
        var problems = new List<string>();
        var addresses = ListenAddresses.Resolve(config, LocalAddress.FromSystem(), problems);
        foreach (var p in problems) LogAddressProblem(logger, p);
        foreach (int port in config.SmbPorts)
        {
            if (addresses == null) yield return new IPEndPoint(IPAddress.IPv6Any, port);
            else foreach (var a in addresses) yield return new IPEndPoint(a, port);
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "interfaces: {Problem}")]
    private static partial void LogAddressProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Server stopped")]
    private static partial void LogStopped(ILogger logger);
}
