namespace Protocol.Ntlm;

/// <summary>
/// The outcome of an NTLM AUTHENTICATE_MESSAGE (MS-NLMP 3.2.5.1.2) as seen by the server.
/// </summary>
public sealed record NtlmResult
{
    /// <summary>Success, LogonFailure (bad password, unknown user, NTLMv1/LM refused, bad MIC) or InvalidParameter (malformed message).</summary>
    public required NtStatus Status { get; init; }

    /// <summary>User name as the client sent it ("" for anonymous or when the message could not be parsed).</summary>
    public string User { get; init; } = "";

    /// <summary>Domain name as the client sent it.</summary>
    public string Domain { get; init; } = "";

    /// <summary>Workstation name as the client sent it.</summary>
    public string Workstation { get; init; } = "";

    /// <summary>
    /// The client authenticated as ANONYMOUS (MS-NLMP 3.2.5.1.2: empty user and responses). The
    /// status is Success; whether anonymous is allowed is the caller's policy. No session key.
    /// </summary>
    public bool IsAnonymous { get; init; }

    /// <summary>
    /// The lookup did not know the user (Status is LogonFailure). Lets the caller apply
    /// "map to guest = bad user" without confusing it with a wrong password.
    /// </summary>
    public bool UnknownUser { get; init; }

    /// <summary>The ExportedSessionKey (16 bytes) on success; empty otherwise and for anonymous.</summary>
    public byte[] SessionKey { get; init; } = [];

    /// <summary>NegotiateFlags of the AUTHENTICATE_MESSAGE, which the client used to derive its keys.</summary>
    public NegotiateFlags NegotiateFlags { get; init; }

    /// <summary>The AUTHENTICATE_MESSAGE carried a verified MIC (MsvAvFlags bit 0x2). SPNEGO then requires the mechListMIC.</summary>
    public bool MicPresent { get; init; }

    public bool IsSuccess => Status == NtStatus.Success;

    /// <summary>
    /// Server-side NTLM session security for the mechListMIC, or null when there is no session key
    /// (failure, anonymous) or extended session security was not negotiated (no signing keys,
    /// MS-NLMP 3.4.5.2).
    /// </summary>
    public NtlmSessionSecurity? CreateServerSessionSecurity()
        => IsSuccess && SessionKey.Length == NtlmKeys.KeySize
           && (NegotiateFlags & NegotiateFlags.NegotiateExtendedSessionSecurity) != 0
            ? new NtlmSessionSecurity(SessionKey, NegotiateFlags, isServer: true)
            : null;

    internal static NtlmResult Failed(NtStatus status) => new() { Status = status };
}
