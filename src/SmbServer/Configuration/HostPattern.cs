using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SmbServer.Configuration;

/// <summary>
/// One entry of a `hosts allow` / `hosts deny` list (the hosts_access(5) client syntax that Samba
/// uses): an address, an IPv4 prefix ending in a dot (`192.168.1.`), a network (`10.0.0.0/8`,
/// `10.0.0.0/255.0.0.0`, `fe80::/10`), an address pattern with `*`/`?`, `ALL`, `localhost`, or the
/// `EXCEPT` separator. Host names other than localhost, domain suffixes and netgroups are kept as
/// <see cref="HostPatternKind.Unsupported"/>: they never match, and loading warns about them.
/// </summary>
public sealed class HostPattern
{
    private readonly byte[]? _network;
    private readonly byte[]? _mask;

    private HostPattern(string text, HostPatternKind kind, byte[]? network = null, byte[]? mask = null)
    {
        Text = text;
        Kind = kind;
        _network = network;
        _mask = mask;
    }

    /// <summary>The entry as written.</summary>
    public string Text { get; }

    public HostPatternKind Kind { get; }

    public static HostPattern Parse(string text)
    {
        if (text.Equals("ALL", StringComparison.OrdinalIgnoreCase))
            return new HostPattern(text, HostPatternKind.All);
        if (text.Equals("EXCEPT", StringComparison.OrdinalIgnoreCase))
            return new HostPattern(text, HostPatternKind.Except);
        if (text.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return new HostPattern(text, HostPatternKind.Localhost);

        var slash = text.IndexOf('/');
        if (slash > 0)
            return ParseNetwork(text, slash);

        if (TryParseAddress(text, out var address))
            return new HostPattern(text, HostPatternKind.Address, address.GetAddressBytes());

        if (text.EndsWith('.') && IsIPv4Prefix(text))
            return new HostPattern(text, HostPatternKind.IPv4Prefix);

        if (Wildcard.IsPattern(text) && text.All(c => c is '*' or '?' or '.' or ':' || char.IsAsciiHexDigit(c)))
            return new HostPattern(text, HostPatternKind.AddressPattern);

        return new HostPattern(text, HostPatternKind.Unsupported);
    }

    /// <summary>Whether <paramref name="client"/> matches this entry (EXCEPT and unsupported entries never match).</summary>
    public bool Matches(IPAddress client)
    {
        client = Normalize(client);
        switch (Kind)
        {
            case HostPatternKind.All:
                return true;
            case HostPatternKind.Localhost:
                return IPAddress.IsLoopback(client);
            case HostPatternKind.Address:
                return client.GetAddressBytes().AsSpan().SequenceEqual(_network);
            case HostPatternKind.Network:
            {
                var bytes = client.GetAddressBytes();
                if (bytes.Length != _network!.Length)
                    return false;
                for (var i = 0; i < bytes.Length; i++)
                {
                    if ((bytes[i] & _mask![i]) != (_network[i] & _mask[i]))
                        return false;
                }
                return true;
            }
            case HostPatternKind.IPv4Prefix:
                return client.AddressFamily == AddressFamily.InterNetwork
                    && client.ToString().StartsWith(Text, StringComparison.Ordinal);
            case HostPatternKind.AddressPattern:
                return Wildcard.Match(Text, client.ToString(), ignoreCase: true);
            default:
                return false;
        }
    }

    /// <summary>An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d; match it as IPv4.</summary>
    internal static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static HostPattern ParseNetwork(string text, int slash)
    {
        var addressText = text[..slash];
        var maskText = text[(slash + 1)..];
        if (!TryParseAddress(addressText, out var network))
            return new HostPattern(text, HostPatternKind.Invalid);
        var bits = network.GetAddressBytes().Length * 8;
        byte[] mask;
        if (int.TryParse(maskText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            if (prefix > bits)
                return new HostPattern(text, HostPatternKind.Invalid);
            mask = PrefixMask(prefix, bits / 8);
        }
        else if (IPAddress.TryParse(maskText, out var maskAddress) && maskAddress.AddressFamily == network.AddressFamily)
        {
            mask = maskAddress.GetAddressBytes();
        }
        else
        {
            return new HostPattern(text, HostPatternKind.Invalid);
        }
        return new HostPattern(text, HostPatternKind.Network, network.GetAddressBytes(), mask);
    }

    private static byte[] PrefixMask(int prefix, int length)
    {
        var mask = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var bitsHere = Math.Clamp(prefix - i * 8, 0, 8);
            mask[i] = (byte)(0xFF << (8 - bitsHere));
        }
        return mask;
    }

    private static bool TryParseAddress(string text, out IPAddress address)
    {
        // IPv6 may be written in brackets, as hosts_access(5) does.
        if (text.Length > 2 && text[0] == '[' && text[^1] == ']')
            text = text[1..^1];
        // IPAddress.TryParse accepts "10" as 0.0.0.10: insist on a dotted quad or an IPv6 colon.
        if (!text.Contains(':') && text.Count(c => c == '.') != 3)
        {
            address = IPAddress.None;
            return false;
        }
        if (!IPAddress.TryParse(text, out var parsed))
        {
            address = IPAddress.None;
            return false;
        }
        address = Normalize(parsed);
        return true;
    }

    private static bool IsIPv4Prefix(string text)
    {
        var parts = text[..^1].Split('.');
        return parts.Length is >= 1 and <= 3
            && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    public override string ToString() => Text;
}
