namespace SmbServer.Server;

/// <summary>Limits the server enforces, each with a clear status or a disconnect when exceeded.</summary>
public sealed record ServerLimits
{
    /// <summary>Most credits a client may hold (MS-SMB2 3.3.1.2 leaves it to the server; Samba uses 8192).</summary>
    public int MaxCredits { get; init; } = 8192;

    /// <summary>Most requests in one compound message.</summary>
    public int MaxCompoundElements { get; init; } = 64;

    /// <summary>Largest READ/WRITE/transact with large MTU (MS-SMB2 3.3.5.4).</summary>
    public uint MaxIoSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Connections at once; 0 = unlimited (smb.conf "max smbd processes").</summary>
    public int MaxConnections { get; init; }

    /// <summary>Opens per session (smb.conf "max open files").</summary>
    public int MaxOpensPerSession { get; init; } = 16384;

    /// <summary>Requests that may wait asynchronously per connection.</summary>
    public int MaxAsyncPerConnection { get; init; } = 512;
}
