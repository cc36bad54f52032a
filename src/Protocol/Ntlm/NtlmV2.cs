using System.Security.Cryptography;
using System.Text;

namespace Protocol.Ntlm;

/// <summary>
/// The NTLMv2 one-way functions and responses of MS-NLMP 3.3.2, shared by the server (which
/// recomputes what the client should have sent) and by tests that play the client.
/// </summary>
public static class NtlmV2
{
    public const int KeySize = 16;

    /// <summary>
    /// NTOWFv2 = HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(ConcatenationOf(Uppercase(User), UserDom))),
    /// starting from the stored NT hash (MD4 of the password). LMOWFv2 is the same function.
    /// </summary>
    public static void NtowfV2(ReadOnlySpan<byte> ntHash, string user, string domain, Span<byte> responseKey)
    {
        var identity = Encoding.Unicode.GetBytes(user.ToUpperInvariant() + domain);
        HMACMD5.HashData(ntHash, identity, responseKey);
    }

    /// <summary>NTProofStr = HMAC_MD5(ResponseKeyNT, ConcatenationOf(CHALLENGE_MESSAGE.ServerChallenge, temp)).</summary>
    public static void ComputeNtProofStr(ReadOnlySpan<byte> responseKeyNt, ReadOnlySpan<byte> serverChallenge,
        ReadOnlySpan<byte> clientChallengeBlob, Span<byte> ntProofStr)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, responseKeyNt);
        hmac.AppendData(serverChallenge);
        hmac.AppendData(clientChallengeBlob);
        hmac.GetHashAndReset(ntProofStr);
    }

    /// <summary>SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr).</summary>
    public static void ComputeSessionBaseKey(ReadOnlySpan<byte> responseKeyNt, ReadOnlySpan<byte> ntProofStr, Span<byte> sessionBaseKey)
        => HMACMD5.HashData(responseKeyNt, ntProofStr, sessionBaseKey);

    /// <summary>
    /// LmChallengeResponse = ConcatenationOf(HMAC_MD5(ResponseKeyLM, ConcatenationOf(ServerChallenge,
    /// ClientChallenge)), ClientChallenge): 24 bytes. The server does not check it (NTLMv2 only);
    /// clients send it when the CHALLENGE carried no MsvAvTimestamp.
    /// </summary>
    public static void ComputeLmV2Response(ReadOnlySpan<byte> responseKeyLm, ReadOnlySpan<byte> serverChallenge,
        ReadOnlySpan<byte> clientChallenge, Span<byte> lmChallengeResponse)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, responseKeyLm);
        hmac.AppendData(serverChallenge);
        hmac.AppendData(clientChallenge);
        hmac.GetHashAndReset(lmChallengeResponse);
        clientChallenge.CopyTo(lmChallengeResponse.Slice(16));
    }
}
