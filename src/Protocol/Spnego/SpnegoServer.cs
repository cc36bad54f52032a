using Protocol.Ntlm;

namespace Protocol.Spnego;

/// <summary>
/// The acceptor side of SPNEGO (RFC 4178, MS-SPNG) over NTLMSSP for one SMB2 SESSION_SETUP
/// exchange: each call to <see cref="Step"/> takes the client's security buffer and returns ours.
/// Pure (no I/O); one instance per exchange; not thread-safe.
/// </summary>
/// <remarks>
/// Accepted inputs: a GSS-API-wrapped (or bare) NegTokenInit, then NegTokenResp tokens; or raw
/// NTLMSSP messages without SPNEGO (some clients, e.g. Linux cifs "RawNTLMSSP"), answered raw.
/// Only NTLMSSP is accepted. If it is not the client's first mechanism, or the client's optimistic
/// token is missing, we answer accept-incomplete with supportedMech and wait for the NTLM
/// NEGOTIATE (RFC 4178 3.2).
///
/// mechListMIC (RFC 4178 5, MS-SPNG 3.2.5.1 / 3.3.5): when the client sends one with its
/// AUTHENTICATE we verify it over the DER MechTypeList it sent, with the NTLM client-to-server
/// keys, and answer with ours over the same bytes. An AUTHENTICATE carrying an NTLM MIC without a
/// mechListMIC is refused (the mechanism list would be unprotected: a downgrade). Like Samba we
/// tolerate a missing mechListMIC from clients that did not pick our mechanism first and sent no
/// NTLM MIC (old clients). Anonymous has no keys, hence no MIC either way.
/// </remarks>
public sealed class SpnegoServer
{
    private enum State { Start, WaitNegotiate, WaitAuthenticate, Done }

    private readonly NtlmServer _ntlm;
    private State _state;
    private bool _raw;
    private byte[] _mechTypesDer = [];
    private NtlmResult? _failedResult;

    public SpnegoServer(NtlmServer ntlm) => _ntlm = ntlm;

    /// <summary>True once the client spoke raw NTLMSSP (no SPNEGO); output tokens are raw too.</summary>
    public bool IsRawNtlmssp => _raw;

    /// <summary>
    /// The server's initial token for the SMB2 NEGOTIATE response (MS-SMB2 3.3.5.4, MS-SPNG 3.2.5.2):
    /// a GSS-API-wrapped NegTokenInit2 advertising NTLMSSP only, without the optional negHints.
    /// </summary>
    public static byte[] BuildInitialToken() => new NegTokenInit([SpnegoOids.Ntlmssp]).Encode();

    /// <summary>
    /// Processes one security buffer from SESSION_SETUP. <paramref name="lookup"/> is called only in
    /// the final step. Malformed tokens give InvalidParameter with an empty output; a failed logon
    /// gives the NTLM status (LogonFailure, with <see cref="NtlmResult.UnknownUser"/> when the user
    /// was unknown) and a reject token.
    /// </summary>
    public SpnegoStepResult Step(ReadOnlySpan<byte> inputToken, NtHashLookup lookup)
    {
        switch (_state)
        {
            case State.Start:
                return Start(inputToken);
            case State.WaitNegotiate:
                return _raw ? Fail(NtStatus.InvalidParameter) : Negotiate(inputToken);
            case State.WaitAuthenticate:
                return _raw ? AuthenticateRaw(inputToken, lookup) : Authenticate(inputToken, lookup);
            default:
                return Fail(NtStatus.InvalidParameter);
        }
    }

    /// <summary>
    /// After a failed logon for which the caller's policy maps the client to guest
    /// ("map to guest = bad user" with <see cref="NtlmResult.UnknownUser"/>), the security buffer
    /// to send with Success instead of the reject: accept-completed without mechListMIC (there are
    /// no keys), or nothing for raw NTLMSSP. Returns null unless the exchange ended with an NTLM
    /// LogonFailure (never after a malformed message or a bad mechListMIC).
    /// </summary>
    public byte[]? AcceptAsGuest()
    {
        if (_state != State.Done || _failedResult is null || _failedResult.Status != NtStatus.LogonFailure) return null;
        return _raw ? [] : new NegTokenResp(NegState.AcceptCompleted).Encode();
    }

    private SpnegoStepResult Start(ReadOnlySpan<byte> token)
    {
        if (NtlmMessageHeader.HasSignature(token))
        {
            _raw = true;
            var rawStatus = _ntlm.ProcessNegotiate(token, out var rawChallenge);
            if (rawStatus != NtStatus.MoreProcessingRequired) return Fail(rawStatus);
            _state = State.WaitAuthenticate;
            return new SpnegoStepResult(rawStatus, rawChallenge, null);
        }

        if (!NegTokenInit.TryParse(token, out var init, out var error)) return Fail(error);
        _mechTypesDer = init.MechTypesDer;
        int index = IndexOfNtlmssp(init.MechTypes);
        if (index < 0) return Reject(NtStatus.LogonFailure);

        // RFC 4178 3.2: the optimistic mechToken belongs to the client's first mechanism; if that is
        // not NTLMSSP, or there is none, select NTLMSSP and let the client start it.
        if (index != 0 || init.MechToken is null)
        {
            _state = State.WaitNegotiate;
            return new SpnegoStepResult(NtStatus.MoreProcessingRequired,
                new NegTokenResp(NegState.AcceptIncomplete, SpnegoOids.Ntlmssp).Encode(), null);
        }

        var status = _ntlm.ProcessNegotiate(init.MechToken, out var challenge);
        if (status != NtStatus.MoreProcessingRequired) return Fail(status);
        _state = State.WaitAuthenticate;
        return new SpnegoStepResult(status, new NegTokenResp(NegState.AcceptIncomplete, SpnegoOids.Ntlmssp, challenge).Encode(), null);
    }

    private SpnegoStepResult Negotiate(ReadOnlySpan<byte> token)
    {
        if (!NegTokenResp.TryParse(token, out var resp, out var error)) return Fail(error);
        if (resp.ResponseToken is null) return Fail(NtStatus.InvalidParameter);
        var status = _ntlm.ProcessNegotiate(resp.ResponseToken, out var challenge);
        if (status != NtStatus.MoreProcessingRequired) return Fail(status);
        _state = State.WaitAuthenticate;
        return new SpnegoStepResult(status, new NegTokenResp(NegState.AcceptIncomplete, ResponseToken: challenge).Encode(), null);
    }

    private SpnegoStepResult AuthenticateRaw(ReadOnlySpan<byte> token, NtHashLookup lookup)
    {
        _state = State.Done;
        var result = _ntlm.ProcessAuthenticate(token, lookup);
        if (!result.IsSuccess) _failedResult = result;
        return new SpnegoStepResult(result.Status, [], result);
    }

    private SpnegoStepResult Authenticate(ReadOnlySpan<byte> token, NtHashLookup lookup)
    {
        if (!NegTokenResp.TryParse(token, out var resp, out var error)) return Fail(error);
        if (resp.ResponseToken is null) return Fail(NtStatus.InvalidParameter);
        _state = State.Done;

        var result = _ntlm.ProcessAuthenticate(resp.ResponseToken, lookup);
        if (!result.IsSuccess)
        {
            _failedResult = result;
            return new SpnegoStepResult(result.Status, new NegTokenResp(NegState.Reject).Encode(), result);
        }
        if (result.IsAnonymous) return Accept(result, null);

        if (resp.MechListMic is null)
            return result.MicPresent ? RejectResult(result) : Accept(result, null);

        // MS-SPNG 3.3.5.1: verify the client's mechListMIC (its first NTLM signature, sequence 0)
        // over the MechTypeList it sent, then sign the same bytes with our first signature.
        var security = result.CreateServerSessionSecurity();
        if (security is null || !security.VerifyMic(_mechTypesDer, resp.MechListMic)) return RejectResult(result);
        return Accept(result, security.GetMic(_mechTypesDer));
    }

    private static SpnegoStepResult Accept(NtlmResult result, byte[]? mechListMic)
        => new(NtStatus.Success, new NegTokenResp(NegState.AcceptCompleted, MechListMic: mechListMic).Encode(), result);

    private SpnegoStepResult RejectResult(NtlmResult result)
    {
        var failed = result with { Status = NtStatus.LogonFailure, SessionKey = [], MicPresent = false };
        return new SpnegoStepResult(failed.Status, new NegTokenResp(NegState.Reject).Encode(), failed);
    }

    private SpnegoStepResult Reject(NtStatus status)
    {
        _state = State.Done;
        return new SpnegoStepResult(status, new NegTokenResp(NegState.Reject).Encode(), null);
    }

    private SpnegoStepResult Fail(NtStatus status)
    {
        _state = State.Done;
        return new SpnegoStepResult(status, [], null);
    }

    private static int IndexOfNtlmssp(IReadOnlyList<string> mechTypes)
    {
        for (int i = 0; i < mechTypes.Count; i++)
            if (mechTypes[i] == SpnegoOids.Ntlmssp) return i;
        return -1;
    }
}
