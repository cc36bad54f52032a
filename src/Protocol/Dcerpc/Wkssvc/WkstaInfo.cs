namespace Protocol.Dcerpc.Wkssvc;

/// <summary>
/// What NetrWkstaGetInfo reports (MS-WKST 2.2.5.1-2.2.5.3, WKSTA_INFO_100/101/102).
/// </summary>
/// <param name="ComputerName">wki*_computername: the NetBIOS name.</param>
/// <param name="LanGroup">wki*_langroup: the workgroup or domain.</param>
/// <param name="VersionMajor">wki*_ver_major: the OS version we claim.</param>
/// <param name="VersionMinor">wki*_ver_minor.</param>
/// <param name="PlatformId">wki*_platform_id: PLATFORM_ID_NT (500).</param>
/// <param name="LanRoot">wki101_lanroot: the path to the LAN Manager directory; Samba reports an empty one.</param>
/// <param name="LoggedOnUsers">wki102_logged_on_users.</param>
public sealed record WkstaInfo(
    string ComputerName,
    string LanGroup,
    uint VersionMajor,
    uint VersionMinor,
    uint PlatformId = 500,
    string LanRoot = "",
    uint LoggedOnUsers = 0);
