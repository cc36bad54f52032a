namespace Protocol.Dcerpc;

/// <summary>
/// p_cont_def_result_t of a p_result_t in bind_ack / alter_context_resp (C706 12.6.3.1; negotiate_ack from
/// MS-RPCE 3.3.1.5.3).
/// </summary>
public enum DcerpcContextResult : ushort
{
    Acceptance = 0,
    UserRejection = 1,
    ProviderRejection = 2,
    /// <summary>MS-RPCE 3.3.1.5.3: the answer to a bind time feature negotiation context.</summary>
    NegotiateAck = 3,
}

/// <summary>p_provider_reason_t of a rejected presentation context (C706 12.6.3.1).</summary>
public enum DcerpcProviderReason : ushort
{
    ReasonNotSpecified = 0,
    AbstractSyntaxNotSupported = 1,
    ProposedTransferSyntaxesNotSupported = 2,
    LocalLimitExceeded = 3,
}

/// <summary>p_reject_reason_t of a bind_nak (C706 12.6.3.1, MS-RPCE 2.2.2.5).</summary>
public enum DcerpcBindNakReason : ushort
{
    ReasonNotSpecified = 0,
    TemporaryCongestion = 1,
    LocalLimitExceeded = 2,
    CalledPaddrUnknown = 3,
    /// <summary>MS-RPCE 2.2.2.5: also the answer to a protocol error inside a bind or alter_context.</summary>
    ProtocolVersionNotSupported = 4,
    DefaultContextNotSupported = 5,
    UserDataNotReadable = 6,
    NoPsapAvailable = 7,
    AuthenticationTypeNotRecognized = 8,
    InvalidChecksum = 9,
}
