namespace Protocol.Ntlm;

/// <summary>
/// NTLM NEGOTIATE flags (MS-NLMP 2.2.2.5). Each member is the spec's NTLMSSP_ name in Pascal case
/// (NTLMSSP_NEGOTIATE_KEY_EXCH -> NegotiateKeyExch); the letter is the spec's bit label.
/// </summary>
[Flags]
public enum NegotiateFlags : uint
{
    None = 0,
    /// <summary>A: NTLMSSP_NEGOTIATE_UNICODE, strings are UTF-16LE.</summary>
    NegotiateUnicode = 0x00000001,
    /// <summary>B: NTLM_NEGOTIATE_OEM, strings are in the OEM code page.</summary>
    NegotiateOem = 0x00000002,
    /// <summary>C: NTLMSSP_REQUEST_TARGET, the CHALLENGE_MESSAGE must carry TargetName.</summary>
    RequestTarget = 0x00000004,
    /// <summary>D: NTLMSSP_NEGOTIATE_SIGN.</summary>
    NegotiateSign = 0x00000010,
    /// <summary>E: NTLMSSP_NEGOTIATE_SEAL.</summary>
    NegotiateSeal = 0x00000020,
    /// <summary>F: NTLMSSP_NEGOTIATE_DATAGRAM (connectionless).</summary>
    NegotiateDatagram = 0x00000040,
    /// <summary>G: NTLMSSP_NEGOTIATE_LM_KEY.</summary>
    NegotiateLmKey = 0x00000080,
    /// <summary>H: NTLMSSP_NEGOTIATE_NTLM.</summary>
    NegotiateNtlm = 0x00000200,
    /// <summary>J: anonymous connection (NTLMSSP_ANONYMOUS).</summary>
    Anonymous = 0x00000800,
    /// <summary>K: NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED.</summary>
    NegotiateOemDomainSupplied = 0x00001000,
    /// <summary>L: NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED.</summary>
    NegotiateOemWorkstationSupplied = 0x00002000,
    /// <summary>M: NTLMSSP_NEGOTIATE_ALWAYS_SIGN.</summary>
    NegotiateAlwaysSign = 0x00008000,
    /// <summary>N: NTLMSSP_TARGET_TYPE_DOMAIN.</summary>
    TargetTypeDomain = 0x00010000,
    /// <summary>O: NTLMSSP_TARGET_TYPE_SERVER.</summary>
    TargetTypeServer = 0x00020000,
    /// <summary>P: NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY.</summary>
    NegotiateExtendedSessionSecurity = 0x00080000,
    /// <summary>Q: NTLMSSP_NEGOTIATE_IDENTIFY.</summary>
    NegotiateIdentify = 0x00100000,
    /// <summary>R: NTLMSSP_REQUEST_NON_NT_SESSION_KEY.</summary>
    RequestNonNtSessionKey = 0x00400000,
    /// <summary>S: NTLMSSP_NEGOTIATE_TARGET_INFO.</summary>
    NegotiateTargetInfo = 0x00800000,
    /// <summary>T: NTLMSSP_NEGOTIATE_VERSION.</summary>
    NegotiateVersion = 0x02000000,
    /// <summary>U: NTLMSSP_NEGOTIATE_128.</summary>
    Negotiate128 = 0x20000000,
    /// <summary>V: NTLMSSP_NEGOTIATE_KEY_EXCH.</summary>
    NegotiateKeyExch = 0x40000000,
    /// <summary>W: NTLMSSP_NEGOTIATE_56.</summary>
    Negotiate56 = 0x80000000,
}
