using System.Security.Cryptography;
using Protocol.Crypto;

namespace Protocol.Ntlm;

/// <summary>
/// The server (acceptor) side of one NTLM authentication (MS-NLMP 3.2.5.1), NTLMv2 only, with no
/// I/O: NEGOTIATE bytes in, CHALLENGE bytes out; AUTHENTICATE bytes in, an <see cref="NtlmResult"/>
/// out. One instance serves one exchange; it is not thread-safe.
/// </summary>
/// <remarks>
/// Deliberate differences from Windows: no NTLMv1, NTLMv1-ESS or LM (security brief: NTLMv2
/// only); the domain is used exactly as sent (no retry with an empty UserDom); the client's
/// timestamp is not checked against MaxLifetime (the random server challenge already prevents
/// replay).
/// </remarks>
public sealed class NtlmServer
{
    private enum State { Initial, ChallengeSent, Completed }

    private readonly string _netbiosDomain;
    private readonly string _netbiosComputer;
    private readonly string _dnsDomain;
    private readonly string _dnsComputer;
    private readonly Func<ulong> _fileTimeClock;
    private readonly RandomNumberGenerator? _random;

    private State _state;
    private byte[] _negotiateMessage = [];
    private byte[] _challengeMessage = [];
    private readonly byte[] _serverChallenge = new byte[ChallengeMessage.ServerChallengeSize];

    /// <param name="netbiosDomain">MsvAvNbDomainName (workgroup).</param>
    /// <param name="netbiosComputer">MsvAvNbComputerName, also the TargetName (TARGET_TYPE_SERVER).</param>
    /// <param name="dnsDomain">MsvAvDnsDomainName.</param>
    /// <param name="dnsComputer">MsvAvDnsComputerName.</param>
    /// <param name="fileTimeClock">Current time as a FILETIME for MsvAvTimestamp; defaults to the system clock.</param>
    /// <param name="random">Source of the server challenge; defaults to the system CSPRNG.</param>
    public NtlmServer(string netbiosDomain, string netbiosComputer, string dnsDomain, string dnsComputer,
        Func<ulong>? fileTimeClock = null, RandomNumberGenerator? random = null)
    {
        _netbiosDomain = netbiosDomain;
        _netbiosComputer = netbiosComputer;
        _dnsDomain = dnsDomain;
        _dnsComputer = dnsComputer;
        _fileTimeClock = fileTimeClock ?? (() => (ulong)DateTime.UtcNow.ToFileTimeUtc());
        _random = random;
    }

    /// <summary>The CHALLENGE_MESSAGE as sent, for diagnostics and tests (empty before step 1).</summary>
    public ReadOnlySpan<byte> ChallengeMessageBytes => _challengeMessage;

    /// <summary>
    /// Step 1 (MS-NLMP 3.2.5.1.1): parses the NEGOTIATE_MESSAGE and builds the CHALLENGE_MESSAGE.
    /// Returns MoreProcessingRequired with the challenge, or InvalidParameter (malformed message,
    /// or called twice).
    /// </summary>
    public NtStatus ProcessNegotiate(ReadOnlySpan<byte> negotiateMessage, out byte[] challengeMessage)
    {
        challengeMessage = [];
        if (_state != State.Initial) return NtStatus.InvalidParameter;
        if (!NegotiateMessage.TryParse(negotiateMessage, out var negotiate, out var error)) return error;

        if (_random is null) RandomNumberGenerator.Fill(_serverChallenge);
        else _random.GetBytes(_serverChallenge);

        var challenge = new ChallengeMessage(
            ChooseFlags(negotiate.NegotiateFlags),
            _netbiosComputer,
            _serverChallenge,
            [
                AvPair.FromString(AvId.MsvAvNbDomainName, _netbiosDomain),
                AvPair.FromString(AvId.MsvAvNbComputerName, _netbiosComputer),
                AvPair.FromString(AvId.MsvAvDnsDomainName, _dnsDomain),
                AvPair.FromString(AvId.MsvAvDnsComputerName, _dnsComputer),
                // With a timestamp, clients send a MIC and no LM response (MS-NLMP 3.1.5.1.2).
                AvPair.FromTimestamp(_fileTimeClock()),
            ],
            NtlmVersion.Server);

        _negotiateMessage = negotiateMessage.ToArray();
        _challengeMessage = challenge.ToArray();
        _state = State.ChallengeSent;
        challengeMessage = _challengeMessage;
        return NtStatus.MoreProcessingRequired;
    }

    /// <summary>
    /// MS-NLMP 3.2.5.1.1: the CHALLENGE flags answer the client's request. We always offer NTLM,
    /// TargetInfo and TARGET_TYPE_SERVER, and echo the options we support; LM_KEY and DATAGRAM
    /// are never echoed.
    /// </summary>
    private static NegotiateFlags ChooseFlags(NegotiateFlags requested)
    {
        var flags = NegotiateFlags.NegotiateNtlm | NegotiateFlags.NegotiateTargetInfo | NegotiateFlags.TargetTypeServer;
        flags |= (requested & NegotiateFlags.NegotiateUnicode) != 0 ? NegotiateFlags.NegotiateUnicode : NegotiateFlags.NegotiateOem;
        const NegotiateFlags echoed = NegotiateFlags.RequestTarget | NegotiateFlags.NegotiateSign | NegotiateFlags.NegotiateSeal
            | NegotiateFlags.NegotiateAlwaysSign | NegotiateFlags.NegotiateExtendedSessionSecurity | NegotiateFlags.NegotiateVersion
            | NegotiateFlags.Negotiate128 | NegotiateFlags.NegotiateKeyExch | NegotiateFlags.Negotiate56;
        return flags | (requested & echoed);
    }

    /// <summary>
    /// Step 2 (MS-NLMP 3.2.5.1.2): verifies the AUTHENTICATE_MESSAGE. <paramref name="lookup"/> is
    /// called at most once, only for a well-formed NTLMv2 message. The exchange is over after
    /// this call, whatever the outcome.
    /// </summary>
    public NtlmResult ProcessAuthenticate(ReadOnlySpan<byte> authenticateMessage, NtHashLookup lookup)
    {
        if (_state != State.ChallengeSent) return NtlmResult.Failed(NtStatus.InvalidParameter);
        _state = State.Completed;

        if (!AuthenticateMessage.TryParse(authenticateMessage, out var auth, out var error)) return NtlmResult.Failed(error);
        var flags = auth.NegotiateFlags;
        var identity = new NtlmResult
        {
            Status = NtStatus.LogonFailure,
            User = auth.UserName,
            Domain = auth.DomainName,
            Workstation = auth.Workstation,
            NegotiateFlags = flags,
        };

        // MS-NLMP 3.2.5.1.2: empty user name and responses (the LM response may be Z(1)) is ANONYMOUS.
        // There is no session security for it (MS-NLMP 3.4), so its session key fields are ignored.
        if (auth.UserName.Length == 0 && auth.NtChallengeResponse.Length == 0
            && (auth.LmChallengeResponse.Length == 0 || auth.LmChallengeResponse is [0]))
            return identity with { Status = NtStatus.Success, IsAnonymous = true };

        // NTLMv2 only: an NT response of 24 bytes or less is NTLMv1 (or absent, leaving LM alone).
        if (auth.NtlmV2Response is not { } v2) return identity;

        // The EncryptedRandomSessionKey must be exactly one RC4 block of a 16-byte key (the lesson of
        // CVE-2023-52440, where a longer one overflowed a fixed buffer). Checked before any lookup.
        bool keyExch = (flags & NegotiateFlags.NegotiateKeyExch) != 0;
        if (keyExch && auth.EncryptedRandomSessionKey.Length != NtlmKeys.KeySize)
            return identity with { Status = NtStatus.InvalidParameter };

        var ntHash = lookup(auth.UserName, auth.DomainName);
        if (ntHash is null) return identity with { UnknownUser = true };
        if (ntHash.Length != NtHash.Size) return identity;

        Span<byte> responseKeyNt = stackalloc byte[NtlmV2.KeySize];
        Span<byte> expectedProof = stackalloc byte[NtlmV2Response.NtProofStrSize];
        Span<byte> sessionBaseKey = stackalloc byte[NtlmV2.KeySize];
        try
        {
            NtlmV2.NtowfV2(ntHash, auth.UserName, auth.DomainName, responseKeyNt);
            NtlmV2.ComputeNtProofStr(responseKeyNt, _serverChallenge, v2.ClientChallengeBlob, expectedProof);
            if (!CryptographicOperations.FixedTimeEquals(expectedProof, v2.NtProofStr)) return identity;

            // MS-NLMP 3.4.5.1 KXKEY: with NTLMv2 the KeyExchangeKey is the SessionBaseKey.
            NtlmV2.ComputeSessionBaseKey(responseKeyNt, v2.NtProofStr, sessionBaseKey);
            var exportedSessionKey = new byte[NtlmKeys.KeySize];
            if (keyExch && (flags & (NegotiateFlags.NegotiateSign | NegotiateFlags.NegotiateSeal)) != 0)
                Rc4.Apply(sessionBaseKey, auth.EncryptedRandomSessionKey, exportedSessionKey);
            else
                sessionBaseKey.CopyTo(exportedSessionKey);

            if (v2.MicPresent && !VerifyMic(exportedSessionKey, authenticateMessage, auth.Mic!))
            {
                CryptographicOperations.ZeroMemory(exportedSessionKey);
                return identity;
            }
            return identity with { Status = NtStatus.Success, SessionKey = exportedSessionKey, MicPresent = v2.MicPresent };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(responseKeyNt);
            CryptographicOperations.ZeroMemory(sessionBaseKey);
        }
    }

    /// <summary>
    /// MS-NLMP 3.2.5.1.2: MIC = HMAC_MD5(ExportedSessionKey, ConcatenationOf(NEGOTIATE_MESSAGE,
    /// CHALLENGE_MESSAGE, AUTHENTICATE_MESSAGE)) with the MIC field zeroed, compared in constant time.
    /// </summary>
    private bool VerifyMic(ReadOnlySpan<byte> exportedSessionKey, ReadOnlySpan<byte> authenticateMessage, ReadOnlySpan<byte> mic)
    {
        Span<byte> expected = stackalloc byte[AuthenticateMessage.MicSize];
        using (var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, exportedSessionKey))
        {
            hmac.AppendData(_negotiateMessage);
            hmac.AppendData(_challengeMessage);
            hmac.AppendData(authenticateMessage.Slice(0, AuthenticateMessage.MicOffset));
            hmac.AppendData(stackalloc byte[AuthenticateMessage.MicSize]);
            hmac.AppendData(authenticateMessage.Slice(AuthenticateMessage.HeaderSize));
            hmac.GetHashAndReset(expected);
        }
        return CryptographicOperations.FixedTimeEquals(expected, mic);
    }
}
