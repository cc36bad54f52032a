using Microsoft.Extensions.Logging;
using Protocol.Dcerpc.Srvsvc;
using Protocol.Dcerpc.Wkssvc;
using Protocol.Smb2;
using SmbServer.Configuration;
using SmbServer.Smb2;
using SmbServer.Users;

namespace SmbServer;

/// <summary>
/// What all connections share: the configuration, the user database, the server's identity and
/// the server-wide counters. Thread-safe: connections on every loop read it.
/// </summary>
public sealed class SmbServerContext : ISrvsvcShareSource, IWkssvcSource
{
    private int _connections;
    private long _opens;
    private long _sessionIdBase;
    private volatile ServerConfig _config;

    public SmbServerContext(ServerConfig config, UserDatabase users, ILoggerFactory loggerFactory, Server.ServerLimits? limits = null)
    {
        _config = config;
        Users = users;
        LoggerFactory = loggerFactory;
        Limits = limits ?? new Server.ServerLimits
        {
            MaxConnections = config.MaxSmbdProcesses,
            MaxOpensPerSession = config.MaxOpenFiles,
        };
        ServerGuid = Guid.NewGuid();
        StartTime = DateTime.UtcNow.ToFileTimeUtc();
        Backends = new ShareBackends(this);
    }

    public ServerConfig Config => _config;
    public UserDatabase Users { get; }
    public ILoggerFactory LoggerFactory { get; }
    public Server.ServerLimits Limits { get; }
    public Guid ServerGuid { get; }
    public long StartTime { get; }
    public ShareBackends Backends { get; }

    public Smb2Dialect MinDialect => (Smb2Dialect)(ushort)Config.ServerMinProtocol;
    public Smb2Dialect MaxDialect => (Smb2Dialect)(ushort)Config.ServerMaxProtocol;

    public int Connections => Volatile.Read(ref _connections);
    public long OpenFiles => Interlocked.Read(ref _opens);

    /// <summary>Swaps in a reloaded configuration (SIGHUP); new requests see it, existing trees keep theirs.</summary>
    public void Reload(ServerConfig config) => _config = config;

    /// <summary>Counts a new connection; false when "max smbd processes" is reached.</summary>
    public bool TryAddConnection()
    {
        int max = Limits.MaxConnections;
        while (true)
        {
            int n = Volatile.Read(ref _connections);
            if (max > 0 && n >= max) return false;
            if (Interlocked.CompareExchange(ref _connections, n + 1, n) == n) return true;
        }
    }

    private readonly HashSet<Smb2Connection> _live = new();

    /// <summary>Remembers a live connection so shutdown can close it. Any thread.</summary>
    public void Track(Smb2Connection connection)
    {
        lock (_live) _live.Add(connection);
    }

    public void ConnectionClosed(Smb2Connection connection)
    {
        lock (_live) _live.Remove(connection);
        Interlocked.Decrement(ref _connections);
    }

    /// <summary>Drops every connection (shutdown). Each closes on its own loop. Any thread.</summary>
    public void CloseAllConnections()
    {
        List<Smb2Connection> all;
        lock (_live) all = _live.ToList();
        foreach (var c in all) c.Transport.Abort();
    }

    public void OpenOpened() => Interlocked.Increment(ref _opens);
    public void OpenClosed() => Interlocked.Decrement(ref _opens);

    /// <summary>Each connection numbers its sessions from its own base: ids are unique server-wide.</summary>
    public ulong NextSessionIdBase() => (ulong)Interlocked.Add(ref _sessionIdBase, 1L << 24);

    // ---- srvsvc / wkssvc sources (live from the configuration) ---------------------------------

    IReadOnlyList<ShareInfo> ISrvsvcShareSource.Shares
    {
        get
        {
            var config = Config;
            var list = new List<ShareInfo>();
            foreach (var share in config.Shares)
            {
                if (!share.Available) continue;
                list.Add(new ShareInfo(share.Name, ShareType.DiskTree, share.Comment, share.Path, Browseable: share.Browseable));
            }
            list.Add(new ShareInfo("IPC$", ShareType.Ipc | ShareType.Special, IpcComment(config), "", Browseable: true));
            return list;
        }
    }

    public static string IpcComment(ServerConfig config) => $"IPC Service ({config.ServerString})";

    ServerInfo ISrvsvcShareSource.Server => new(
        Config.NetbiosName, Config.ServerString, 10, 0,
        ServerType.Workstation | ServerType.Server | ServerType.ServerNt | ServerType.PotentialBrowser);

    WkstaInfo IWkssvcSource.Workstation => new(Config.NetbiosName, Config.Workgroup, 10, 0);
}
