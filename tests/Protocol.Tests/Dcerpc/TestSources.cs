using Protocol.Dcerpc.Srvsvc;
using Protocol.Dcerpc.Wkssvc;

namespace Protocol.Tests.Dcerpc;

/// <summary>The shares and identity of the Samba fixtures (Fixtures/make_fixtures.py), plus whatever a test adds.</summary>
internal sealed class TestSources : ISrvsvcShareSource, IWkssvcSource
{
    public List<ShareInfo> ShareList { get; } =
    [
        new("IPC$", ShareType.Ipc | ShareType.Special, "IPC Service (Samba Server)", ""),
        new("data", ShareType.DiskTree, "Data share", "/srv/data"),
        new("public", ShareType.DiskTree, "", "/srv/public"),
    ];

    public IReadOnlyList<ShareInfo> Shares => ShareList;

    public ServerInfo Server { get; set; } = new("FILESERVER", "Samba Server", 6, 1,
        // 0x9a03, Samba's usual answer.
        ServerType.Workstation | ServerType.Server | ServerType.PrintQueueServer | ServerType.ServerUnix | ServerType.Nt
        | ServerType.ServerNt);

    public WkstaInfo Workstation { get; set; } = new("FILESERVER", "WORKGROUP", 6, 1);
}
