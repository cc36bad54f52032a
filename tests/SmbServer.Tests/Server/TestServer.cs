using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SmbServer.Configuration;
using SmbServer.Transport;
using SmbServer.Users;
using TEvent;

namespace SmbServer.Tests.Server;

/// <summary>The real server (context, loops, listener) on an ephemeral loopback port, in-process.</summary>
internal sealed class TestServer : IDisposable
{
    private readonly LoopGroup _loops;
    private readonly SmbListener _listener;
    public readonly string Dir;

    public TestServer(string extraGlobal = "", string shares = "")
    {
        Dir = Directory.CreateTempSubdirectory("smbserver-test").FullName;
        Directory.CreateDirectory(Path.Combine(Dir, "share"));
        var text = $"""
            [global]
              smb passwd file = {Dir}/smbpasswd
              map to guest = bad user
            {extraGlobal}
            [share]
              path = {Dir}/share
              read only = no
              guest ok = yes
            {shares}
            """;
        var result = SmbConfLoader.LoadText(text, "test.conf", new ConfigLoadOptions { StateDirectory = Dir, HostName = "TEST" });
        Assert.True(result.Success, string.Join("\n", result.Errors.Select(e => e.Message)));
        Context = new SmbServerContext(result.Config, new UserDatabase(Path.Combine(Dir, "smbpasswd")), NullLoggerFactory.Instance);
        _loops = new LoopGroup(2);
        _listener = new SmbListener(new IPEndPoint(IPAddress.Loopback, 0), Context, _loops);
        _listener.Start();
    }

    public SmbServerContext Context { get; }
    public IPEndPoint EndPoint => _listener.EndPoint;

    public RawSmbClient Connect() => new(EndPoint);

    public void Dispose()
    {
        _listener.Dispose();
        Context.CloseAllConnections();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (Context.Connections > 0 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        _loops.Stop();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
