using System.Security.Cryptography;
using Protocol.Crypto;
using Protocol.Ntlm;

namespace Protocol.Tests.Ntlm;

/// <summary>
/// A test-only NTLMv2 client (MS-NLMP 3.1.5), written from the spec, to drive the server end to
/// end. Knobs let tests send what real or hostile clients send.
/// </summary>
internal sealed class TestNtlmClient
{
    public const NegotiateFlags DefaultFlags = NegotiateFlags.NegotiateUnicode | NegotiateFlags.NegotiateOem
        | NegotiateFlags.RequestTarget | NegotiateFlags.NegotiateSign | NegotiateFlags.NegotiateSeal
        | NegotiateFlags.NegotiateNtlm | NegotiateFlags.NegotiateAlwaysSign | NegotiateFlags.NegotiateExtendedSessionSecurity
        | NegotiateFlags.NegotiateTargetInfo | NegotiateFlags.NegotiateVersion | NegotiateFlags.Negotiate128
        | NegotiateFlags.NegotiateKeyExch | NegotiateFlags.Negotiate56;

    public string User { get; init; } = "alice";
    public string Domain { get; init; } = "WORKGROUP";
    public string Password { get; init; } = "Secret1!";
    public string Workstation { get; init; } = "CLIENT1";
    public NegotiateFlags Flags { get; init; } = DefaultFlags;

    /// <summary>Set MsvAvFlags 0x2 and fill the MIC field.</summary>
    public bool SendMic { get; init; } = true;

    /// <summary>Send a 24-byte (NTLMv1-sized) NT response instead of NTLMv2.</summary>
    public bool NtlmV1 { get; init; }

    /// <summary>Send the ANONYMOUS AUTHENTICATE: no user, LM Z(1), no NT response.</summary>
    public bool Anonymous { get; init; }

    /// <summary>Flip a bit of the MIC after computing it.</summary>
    public bool CorruptMic { get; init; }

    /// <summary>Length of the EncryptedRandomSessionKey sent with KEY_EXCH (16 is correct).</summary>
    public int EncryptedKeyLength { get; init; } = 16;

    public byte[] NegotiateBytes { get; private set; } = [];
    public byte[] AuthenticateBytes { get; private set; } = [];
    public NegotiateFlags NegotiatedFlags { get; private set; }
    public byte[] ExportedSessionKey { get; private set; } = [];

    public byte[] CreateNegotiate()
    {
        NegotiateBytes = new NegotiateMessage(Flags, Version: new NtlmVersion(10, 0, 19041)).ToArray();
        return NegotiateBytes;
    }

    public byte[] CreateAuthenticate(ReadOnlySpan<byte> challengeBytes)
    {
        Assert.True(ChallengeMessage.TryParse(challengeBytes, out var challenge, out _));
        var flags = Flags & challenge.NegotiateFlags;
        NegotiatedFlags = flags;

        if (Anonymous)
        {
            AuthenticateBytes = new AuthenticateMessage(flags | NegotiateFlags.Anonymous, [0], [], "", "", Workstation, []).ToArray();
            return AuthenticateBytes;
        }

        var timestampPair = AvPairList.Find(challenge.TargetInfo, AvId.MsvAvTimestamp);
        ulong timestamp = timestampPair is { } t ? BitConverter.ToUInt64(t.Value) : (ulong)DateTime.UtcNow.ToFileTimeUtc();
        var pairs = challenge.TargetInfo.Where(p => p.Id != AvId.MsvAvFlags).ToList();
        if (SendMic) pairs.Add(AvPair.FromFlags(MsvAvFlags.MicPresent));

        var clientChallenge = RandomNumberGenerator.GetBytes(8);
        var blob = NtlmV2Response.BuildClientChallengeBlob(timestamp, clientChallenge, pairs);
        var responseKey = new byte[16];
        NtlmV2.NtowfV2(NtHash.Compute(Password), User, Domain, responseKey);
        var proof = new byte[16];
        NtlmV2.ComputeNtProofStr(responseKey, challenge.ServerChallenge, blob, proof);
        byte[] nt = NtlmV1 ? RandomNumberGenerator.GetBytes(24) : [.. proof, .. blob];
        // MS-NLMP 3.1.5.1.2: with a timestamp in TargetInfo the LM response is Z(24).
        var lm = new byte[24];
        if (timestampPair is null) NtlmV2.ComputeLmV2Response(responseKey, challenge.ServerChallenge, clientChallenge, lm);

        var sessionBaseKey = new byte[16];
        NtlmV2.ComputeSessionBaseKey(responseKey, proof, sessionBaseKey);
        byte[] encryptedKey = [];
        if ((flags & NegotiateFlags.NegotiateKeyExch) != 0)
        {
            ExportedSessionKey = RandomNumberGenerator.GetBytes(16);
            encryptedKey = new byte[16];
            Rc4.Apply(sessionBaseKey, ExportedSessionKey, encryptedKey);
            if (EncryptedKeyLength != 16) encryptedKey = RandomNumberGenerator.GetBytes(EncryptedKeyLength);
        }
        else
        {
            ExportedSessionKey = sessionBaseKey;
        }

        var message = new AuthenticateMessage(flags, lm, nt, Domain, User, Workstation, encryptedKey).ToArray();
        if (SendMic)
        {
            byte[] transcript = [.. NegotiateBytes, .. challengeBytes, .. message];
            var mic = HMACMD5.HashData(ExportedSessionKey, transcript);
            if (CorruptMic) mic[3] ^= 0x40;
            mic.CopyTo(message, AuthenticateMessage.MicOffset);
        }
        AuthenticateBytes = message;
        return message;
    }

    /// <summary>The client's half of NTLM session security, for the SPNEGO mechListMIC.</summary>
    public NtlmSessionSecurity CreateSessionSecurity() => new(ExportedSessionKey, NegotiatedFlags, isServer: false);
}
