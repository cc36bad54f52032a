namespace Protocol.Dcerpc.Srvsvc;

/// <summary>
/// What NetrServerGetInfo reports (MS-SRVS 2.2.4.40-2.2.4.42, SERVER_INFO_100/101/102).
/// </summary>
/// <param name="Name">sv*_name: the server's NetBIOS name.</param>
/// <param name="Comment">sv*_comment ("server string").</param>
/// <param name="VersionMajor">sv*_version_major: the OS version we claim (MS-SRVS 2.2.4.103 lists Windows values).</param>
/// <param name="VersionMinor">sv*_version_minor.</param>
/// <param name="Type">sv*_type.</param>
/// <param name="PlatformId">sv*_platform_id: <see cref="PlatformIdNt"/>.</param>
/// <param name="Users">sv102_users: the number of users who can attach.</param>
/// <param name="DisconnectMinutes">sv102_disc: idle minutes before a session is dropped; <see cref="NoDisconnect"/> for never.</param>
/// <param name="Hidden">sv102_hidden: whether the server hides itself from browse lists.</param>
/// <param name="AnnounceSeconds">sv102_announce: the network announce rate.</param>
/// <param name="AnnounceDelta">sv102_anndelta: the announce rate's random delay, in milliseconds.</param>
/// <param name="Licenses">sv102_licenses.</param>
/// <param name="UserPath">sv102_userpath: the default path for users' directories.</param>
public sealed record ServerInfo(
    string Name,
    string Comment,
    uint VersionMajor,
    uint VersionMinor,
    ServerType Type,
    uint PlatformId = ServerInfo.PlatformIdNt,
    uint Users = 0,
    int DisconnectMinutes = ServerInfo.NoDisconnect,
    bool Hidden = false,
    uint AnnounceSeconds = 240,
    uint AnnounceDelta = 3000,
    uint Licenses = 0,
    string UserPath = "C:\\")
{
    /// <summary>PLATFORM_ID_NT (MS-SRVS 2.2.2.6).</summary>
    public const uint PlatformIdNt = 500;
    /// <summary>SV_NODISC (MS-SRVS 2.2.4.103): never disconnect idle sessions.</summary>
    public const int NoDisconnect = -1;
}
