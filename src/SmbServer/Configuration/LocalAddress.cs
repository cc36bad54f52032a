using System.Net;
using System.Net.NetworkInformation;

namespace SmbServer.Configuration;

/// <summary>An address configured on a local interface.</summary>
public sealed record LocalAddress(string InterfaceName, IPAddress Address)
{
    /// <summary>The machine's addresses, from the operating system.</summary>
    public static IReadOnlyList<LocalAddress> FromSystem()
    {
        var list = new List<LocalAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                list.Add(new LocalAddress(nic.Name, unicast.Address));
        }
        return list;
    }
}
