namespace Protocol.Dcerpc.Srvsvc;

/// <summary>sv*_type flags (MS-SRVS 2.2.2.7): the services a server offers.</summary>
[Flags]
public enum ServerType : uint
{
    None = 0,
    Workstation = 0x00000001,
    Server = 0x00000002,
    SqlServer = 0x00000004,
    DomainController = 0x00000008,
    DomainBackupController = 0x00000010,
    TimeSource = 0x00000020,
    Afp = 0x00000040,
    Novell = 0x00000080,
    DomainMember = 0x00000100,
    PrintQueueServer = 0x00000200,
    DialIn = 0x00000400,
    /// <summary>SV_TYPE_XENIX_SERVER, which Samba reports as SV_TYPE_SERVER_UNIX.</summary>
    ServerUnix = 0x00000800,
    Nt = 0x00001000,
    Wfw = 0x00002000,
    ServerMfpn = 0x00004000,
    ServerNt = 0x00008000,
    PotentialBrowser = 0x00010000,
    BackupBrowser = 0x00020000,
    MasterBrowser = 0x00040000,
    DomainMaster = 0x00080000,
    Windows = 0x00400000,
    Dfs = 0x00800000,
    ClusterNt = 0x01000000,
    TerminalServer = 0x02000000,
    ClusterVsNt = 0x04000000,
    Dce = 0x10000000,
    AlternateXport = 0x20000000,
    LocalListOnly = 0x40000000,
    DomainEnum = 0x80000000,
}
