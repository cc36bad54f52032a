namespace SmbServer.Configuration;

/// <summary>What a <see cref="HostPattern"/> entry is.</summary>
public enum HostPatternKind
{
    All,
    Except,
    Localhost,
    Address,
    Network,
    IPv4Prefix,
    AddressPattern,
    /// <summary>A host name, domain suffix or netgroup: never matches (no name lookups are done).</summary>
    Unsupported,
    /// <summary>Looks like a network but does not parse; loading reports an error.</summary>
    Invalid,
}
