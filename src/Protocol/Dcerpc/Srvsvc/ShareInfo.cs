namespace Protocol.Dcerpc.Srvsvc;

/// <summary>
/// One share as srvsvc reports it (MS-SRVS 2.2.4.22-2.2.4.29, SHARE_INFO_0 .. SHARE_INFO_1006).
/// </summary>
/// <param name="Name">shi*_netname.</param>
/// <param name="Type">shi*_type; IPC$ is <c>ShareType.Ipc | ShareType.Special</c>.</param>
/// <param name="Comment">shi*_remark.</param>
/// <param name="Path">The share's directory on this server, as configured (a POSIX path); empty for IPC$.
/// Clients see <see cref="WindowsPath"/>.</param>
/// <param name="MaxUses">shi*_max_uses; <see cref="UnlimitedUses"/> when there is no limit.</param>
/// <param name="CurrentUses">shi*_current_uses: trees connected to the share now.</param>
/// <param name="Browseable">False hides the share from NetrShareEnum (Samba's "browseable = no"); NetrShareGetInfo
/// still finds it.</param>
/// <param name="Flags">shi501_flags / shi1005_flags (MS-SRVS 2.2.4.26): client-side caching and similar bits.</param>
public sealed record ShareInfo(
    string Name,
    ShareType Type,
    string Comment,
    string Path,
    uint MaxUses = ShareInfo.UnlimitedUses,
    uint CurrentUses = 0,
    bool Browseable = true,
    uint Flags = 0)
{
    /// <summary>SHI_USES_UNLIMITED (MS-SRVS 2.2.4.24).</summary>
    public const uint UnlimitedUses = 0xFFFFFFFF;

    /// <summary>
    /// shi2_path / shi502_path: a local path in Windows form. Like Samba, we show the POSIX path as if it lived on
    /// drive C: ("/srv/data" becomes "C:\srv\data"), because Windows tools expect a drive-letter path; an empty path
    /// (IPC$) stays empty.
    /// </summary>
    public string WindowsPath => Path.Length == 0 ? string.Empty : "C:" + Path.Replace('/', '\\');
}
