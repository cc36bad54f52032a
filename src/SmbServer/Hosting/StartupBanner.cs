using System.Net;
using System.Text;
using SmbServer.Configuration;

namespace SmbServer.Hosting;

/// <summary>The one readable block printed at startup: what is served, where, and how to connect.</summary>
public static class StartupBanner
{
    public static string Render(ServerConfig config, IReadOnlyList<IPEndPoint> endPoints)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"smbserver: {config.NetbiosName} ({config.Workgroup}), {config.ServerString}");
        foreach (var ep in endPoints) sb.AppendLine($"  listening on {ep}");
        foreach (var share in config.Shares)
        {
            var mode = share.ReadOnly ? "read-only" : "read-write";
            var guest = share.GuestOk ? ", guest ok" : "";
            sb.AppendLine($"  share [{share.Name}] {share.Path} ({mode}{guest})");
        }
        var first = config.Shares.FirstOrDefault();
        var ep0 = endPoints.FirstOrDefault();
        if (first != null && ep0 != null)
        {
            var host = ep0.Address.Equals(IPAddress.Any) || ep0.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : ep0.Address.ToString();
            var auth = first.GuestOk ? "-N" : "-U USER";
            sb.AppendLine($"  connect: smbclient -p {ep0.Port} {auth} //{host}/{first.Name}");
        }
        return sb.ToString();
    }
}
