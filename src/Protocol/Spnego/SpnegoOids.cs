namespace Protocol.Spnego;

/// <summary>Object identifiers of the GSS-API mechanisms SPNEGO negotiates between (dotted form).</summary>
public static class SpnegoOids
{
    /// <summary>RFC 4178 1: SPNEGO itself, the thisMech of the GSS-API InitialContextToken.</summary>
    public const string Spnego = "1.3.6.1.5.5.2";

    /// <summary>MS-NLMP 1.9 / MS-SPNG: NTLMSSP.</summary>
    public const string Ntlmssp = "1.3.6.1.4.1.311.2.2.10";

    /// <summary>RFC 4121 Kerberos V5 (listed by clients; this server does not accept it).</summary>
    public const string Kerberos5 = "1.2.840.113554.1.2.2";

    /// <summary>MS-KILE 3.1.5.1: the OID Windows clients use for Kerberos in SPNEGO.</summary>
    public const string MsKerberos5 = "1.2.840.48018.1.2.2";

    /// <summary>MS-NEGOEX 1.9: NEGOEX.</summary>
    public const string NegoEx = "1.3.6.1.4.1.311.2.2.30";
}
