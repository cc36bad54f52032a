using System.Net;

namespace SmbServer.Configuration;

/// <summary>
/// Which addresses the server listens on, from `interfaces` and `bind interfaces only`.
/// </summary>
public static class ListenAddresses
{
    /// <summary>
    /// Null means "all addresses" (`bind interfaces only = no`, or no `interfaces`). Otherwise the
    /// local addresses the entries select, in entry order, without duplicates. An address entry that
    /// is a loopback address is kept even when the system reports no such address (some containers
    /// hide `lo`). Entries that select nothing are reported in <paramref name="problems"/>.
    /// </summary>
    public static IReadOnlyList<IPAddress>? Resolve(ServerConfig config, IReadOnlyList<LocalAddress> local, List<string> problems)
    {
        if (!config.BindInterfacesOnly || config.Interfaces.Count == 0)
            return null;
        var result = new List<IPAddress>();
        foreach (var entry in config.Interfaces)
        {
            var found = false;
            foreach (var candidate in local)
            {
                if (!entry.Selects(candidate.InterfaceName, candidate.Address))
                    continue;
                found = true;
                if (!result.Contains(candidate.Address))
                    result.Add(candidate.Address);
            }
            if (!found && entry.Address is not null && entry.PrefixLength < 0 && IPAddress.IsLoopback(entry.Address))
            {
                found = true;
                if (!result.Contains(entry.Address))
                    result.Add(entry.Address);
            }
            if (!found)
                problems.Add($"interfaces: '{entry.Text}' matches no local address");
        }
        return result;
    }
}
