using System.Net;

namespace SmbServer.Configuration;

/// <summary>
/// Samba's evaluation of `hosts allow` and `hosts deny` for one client address:
/// <list type="number">
/// <item>both lists empty: allowed;</item>
/// <item>a loopback client (127.0.0.0/8, ::1) is allowed unless `hosts deny` matches it;</item>
/// <item>only `hosts allow` set: allowed only if it matches;</item>
/// <item>only `hosts deny` set: allowed unless it matches;</item>
/// <item>both set: allowed if `hosts allow` matches (where the lists conflict, allow wins);
///   otherwise refused if `hosts deny` matches; otherwise allowed. To admit only listed hosts,
///   write `hosts deny = ALL` next to `hosts allow`.</item>
/// </list>
/// </summary>
public sealed class HostsAccess(HostList allow, HostList deny)
{
    public static HostsAccess AllowAll { get; } = new(HostList.Empty, HostList.Empty);

    public HostList Allow { get; } = allow;
    public HostList Deny { get; } = deny;

    public bool IsAllowed(IPAddress client)
    {
        client = HostPattern.Normalize(client);
        if (Allow.IsEmpty && Deny.IsEmpty)
            return true;
        if (IPAddress.IsLoopback(client))
            return !Deny.Matches(client);
        if (Deny.IsEmpty)
            return Allow.Matches(client);
        if (Allow.IsEmpty)
            return !Deny.Matches(client);
        if (Allow.Matches(client))
            return true;
        return !Deny.Matches(client);
    }
}
