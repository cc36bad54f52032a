namespace Protocol.Dcerpc.Srvsvc;

/// <summary>
/// Where srvsvc reads the server's shares and identity from (the server's configuration). Read on the pipe
/// owner's thread at each call, so changes show up on the next call.
/// </summary>
public interface ISrvsvcShareSource
{
    /// <summary>Every share, in the order NetrShareEnum lists them (IPC$ included, non-browseable ones too).</summary>
    IReadOnlyList<ShareInfo> Shares { get; }

    ServerInfo Server { get; }
}
