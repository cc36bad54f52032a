using Protocol.Ntlm;

namespace Protocol.Spnego;

/// <summary>
/// One SESSION_SETUP round of <see cref="SpnegoServer.Step"/>: the status for the SMB2 response
/// (MoreProcessingRequired, Success, or the failure), the security buffer to send back, and the
/// NTLM outcome once the exchange has ended (null before).
/// </summary>
public readonly record struct SpnegoStepResult(NtStatus Status, byte[] OutputToken, NtlmResult? Result);
