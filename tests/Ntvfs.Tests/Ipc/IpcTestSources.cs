using Protocol.Dcerpc.Srvsvc;
using Protocol.Dcerpc.Wkssvc;

namespace Ntvfs.Tests.Ipc;

/// <summary>A server's shares and identity as the configuration would give them, changeable by a test.</summary>
internal sealed class IpcTestSources : ISrvsvcShareSource, IWkssvcSource
{
    public List<ShareInfo> ShareList { get; } =
    [
        new("IPC$", ShareType.Ipc | ShareType.Special, "IPC Service", ""),
        new("data", ShareType.DiskTree, "Data share", "/srv/data"),
        new("public", ShareType.DiskTree, "", "/srv/public"),
    ];

    public IReadOnlyList<ShareInfo> Shares => ShareList;

    public ServerInfo Server { get; set; } = new("FILESERVER", "Samba Server", 6, 1,
        ServerType.Workstation | ServerType.Server | ServerType.ServerUnix | ServerType.Nt | ServerType.ServerNt);

    public WkstaInfo Workstation { get; set; } = new("FILESERVER", "WORKGROUP", 6, 1);
}
