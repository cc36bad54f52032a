using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace SmbServer.Configuration;

/// <summary>
/// One entry of `interfaces`: an interface name (`eth0`, wildcards allowed: `eth*`), an address
/// (`192.168.1.10`, `::1`), or a network (`192.168.1.0/24`, `192.168.1.0/255.255.255.0`) that selects
/// the local addresses inside it.
/// </summary>
public sealed class InterfaceEntry
{
    private InterfaceEntry(string text, string? name, IPAddress? address, int prefixLength)
    {
        Text = text;
        Name = name;
        Address = address;
        PrefixLength = prefixLength;
    }

    public string Text { get; }

    /// <summary>Interface name pattern, or null for an address entry.</summary>
    public string? Name { get; }

    public IPAddress? Address { get; }

    /// <summary>-1 for a single address; otherwise the network's prefix length.</summary>
    public int PrefixLength { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out InterfaceEntry? entry, [NotNullWhen(false)] out string? error)
    {
        error = null;
        entry = null;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (IPAddress.TryParse(addressText.Trim('[', ']'), out var address) && (addressText.Contains(':') || addressText.Count(c => c == '.') == 3))
        {
            var bits = address.GetAddressBytes().Length * 8;
            var prefix = -1;
            if (slash >= 0)
            {
                var maskText = text[(slash + 1)..];
                if (int.TryParse(maskText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= bits)
                    prefix = p;
                else if (IPAddress.TryParse(maskText, out var mask) && mask.AddressFamily == address.AddressFamily && TryMaskToPrefix(mask, out p))
                    prefix = p;
                else
                {
                    error = $"'{text}': '{maskText}' is not a prefix length or a contiguous netmask";
                    return false;
                }
            }
            entry = new InterfaceEntry(text, null, address, prefix);
            return true;
        }
        if (slash >= 0 || text.Length == 0 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            error = $"'{text}' is neither an address, a network nor an interface name";
            return false;
        }
        entry = new InterfaceEntry(text, text, null, -1);
        return true;
    }

    /// <summary>Whether a local address (on interface <paramref name="interfaceName"/>) is selected by this entry.</summary>
    public bool Selects(string interfaceName, IPAddress local)
    {
        if (Name is not null)
            return Wildcard.Match(Name, interfaceName, ignoreCase: false);
        if (Address!.AddressFamily != local.AddressFamily)
            return false;
        if (PrefixLength < 0)
            return Address.Equals(local);
        var a = Address.GetAddressBytes();
        var b = local.GetAddressBytes();
        for (var bit = 0; bit < PrefixLength; bit++)
        {
            var m = 0x80 >> (bit % 8);
            if ((a[bit / 8] & m) != (b[bit / 8] & m))
                return false;
        }
        return true;
    }

    private static bool TryMaskToPrefix(IPAddress mask, out int prefix)
    {
        prefix = 0;
        var seenZero = false;
        foreach (var b in mask.GetAddressBytes())
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                if ((b >> bit & 1) == 1)
                {
                    if (seenZero)
                        return false;
                    prefix++;
                }
                else
                {
                    seenZero = true;
                }
            }
        }
        return true;
    }

    public override string ToString() => Text;
}
