using Protocol.Crypto;
using Protocol.Ntlm;

namespace Protocol.Tests.Ntlm;

/// <summary>
/// MS-NLMP 4.2.4 "NTLMv2 Authentication": User "User", UserDom "Domain", Passwd "Password",
/// ServerChallenge 0123456789abcdef, ClientChallenge aaaaaaaaaaaaaaaa, Time 0, RandomSessionKey
/// 0x55 x 16, AV pairs NbDomainName "Domain" and NbComputerName "Server".
/// </summary>
public class MsNlmpNtlmV2ExampleTests
{
    private static readonly byte[] ServerChallenge = Hex.Bytes("0123456789abcdef");
    private static readonly byte[] ClientChallenge = Hex.Bytes("aaaaaaaaaaaaaaaa");
    private static readonly byte[] RandomSessionKey = Enumerable.Repeat((byte)0x55, 16).ToArray();
    private static readonly AvPair[] TargetInfo =
        [AvPair.FromString(AvId.MsvAvNbDomainName, "Domain"), AvPair.FromString(AvId.MsvAvNbComputerName, "Server")];

    // MS-NLMP 4.2.4: the CHALLENGE flags of the example, 0xe28a8233.
    private const NegotiateFlags ChallengeFlags = NegotiateFlags.NegotiateKeyExch | NegotiateFlags.Negotiate56
        | NegotiateFlags.Negotiate128 | NegotiateFlags.NegotiateVersion | NegotiateFlags.NegotiateTargetInfo
        | NegotiateFlags.NegotiateExtendedSessionSecurity | NegotiateFlags.TargetTypeServer | NegotiateFlags.NegotiateAlwaysSign
        | NegotiateFlags.NegotiateNtlm | NegotiateFlags.NegotiateSeal | NegotiateFlags.NegotiateSign
        | NegotiateFlags.NegotiateOem | NegotiateFlags.NegotiateUnicode;

    // MS-NLMP 4.2.4.3: the CHALLENGE_MESSAGE and AUTHENTICATE_MESSAGE of the example.
    private const string ChallengeMessageHex =
        "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef00000000000000002400240044000000" +
        "060070170000000f53006500720076006500720002000c0044006f006d00610069006e0001000c00530065007200760065" +
        "00720000000000";

    private const string AuthenticateMessageHex =
        "4e544c4d5353500003000000180018006c00000054005400840000000c000c00480000000800080054000000100010005c" +
        "00000010001000d8000000358288e20501280a0000000f44006f006d00610069006e00550073006500720043004f004d00" +
        "5000550054004500520086c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa68cd0ab851e51c96aabc927bebef6a" +
        "1c01010000000000000000000000000000aaaaaaaaaaaaaaaa0000000002000c0044006f006d00610069006e0001000c00" +
        "5300650072007600650072000000000000000000c5dad2544fc9799094ce1ce90bc9d03e";

    private static byte[] ResponseKeyNt()
    {
        var key = new byte[16];
        NtlmV2.NtowfV2(NtHash.Compute("Password"), "User", "Domain", key);
        return key;
    }

    [Fact]
    public void FlagsOfTheExample() => Assert.Equal(0xe28a8233u, (uint)ChallengeFlags);

    // 4.2.4.1.1 NTOWFv2() and LMOWFv2()
    [Fact]
    public void NtowfV2() => Assert.Equal("0c868a403bfd7a93a3001ef22ef02e3f", Hex.Of(ResponseKeyNt()));

    // 4.2.4.2.1 LMv2 Response
    [Fact]
    public void LmV2Response()
    {
        var lm = new byte[24];
        NtlmV2.ComputeLmV2Response(ResponseKeyNt(), ServerChallenge, ClientChallenge, lm);
        Assert.Equal("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa", Hex.Of(lm));
    }

    // 4.2.4.2.2 NTLMv2 Response: temp and NTProofStr; 4.2.4.1.2 Session Base Key.
    [Fact]
    public void NtlmV2ResponseAndSessionBaseKey()
    {
        var temp = NtlmV2Response.BuildClientChallengeBlob(0, ClientChallenge, TargetInfo);
        Assert.Equal("01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000"
                     + "02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000", Hex.Of(temp));

        var proof = new byte[16];
        NtlmV2.ComputeNtProofStr(ResponseKeyNt(), ServerChallenge, temp, proof);
        Assert.Equal("68cd0ab851e51c96aabc927bebef6a1c", Hex.Of(proof));

        var sessionBaseKey = new byte[16];
        NtlmV2.ComputeSessionBaseKey(ResponseKeyNt(), proof, sessionBaseKey);
        Assert.Equal("8de40ccadbc14a82f15cb0ad0de95ca3", Hex.Of(sessionBaseKey));

        // 4.2.4.2.3 Encrypted Session Key: RC4K(KeyExchangeKey = SessionBaseKey, RandomSessionKey).
        var encrypted = new byte[16];
        Rc4.Apply(sessionBaseKey, RandomSessionKey, encrypted);
        Assert.Equal("c5dad2544fc9799094ce1ce90bc9d03e", Hex.Of(encrypted));
    }

    // 4.2.4.3 Messages: our CHALLENGE_MESSAGE writer reproduces the example byte for byte.
    [Fact]
    public void ChallengeMessageIsBuiltExactly()
    {
        var message = new ChallengeMessage(ChallengeFlags, "Server", ServerChallenge, TargetInfo, new NtlmVersion(6, 0, 6000));
        Assert.Equal(ChallengeMessageHex, Hex.Of(message.ToArray()));
    }

    [Fact]
    public void ChallengeMessageParses()
    {
        var bytes = Hex.Embedded(Hex.Bytes(ChallengeMessageHex));
        Assert.True(ChallengeMessage.TryParse(bytes.Span, out var challenge, out var error), error.ToString());
        Assert.Equal(ChallengeFlags, challenge.NegotiateFlags);
        Assert.Equal("Server", challenge.TargetName);
        Assert.Equal(ServerChallenge, challenge.ServerChallenge);
        Assert.Equal(2, challenge.TargetInfo.Count);
        Assert.Equal("Domain", challenge.TargetInfo[0].ValueAsString());
        Assert.Equal(new NtlmVersion(6, 0, 6000), challenge.Version);
    }

    [Fact]
    public void AuthenticateMessageParses()
    {
        var bytes = Hex.Embedded(Hex.Bytes(AuthenticateMessageHex));
        Assert.True(AuthenticateMessage.TryParse(bytes.Span, out var auth, out var error), error.ToString());
        Assert.Equal(0xe2888235u, (uint)auth.NegotiateFlags);
        Assert.Equal("Domain", auth.DomainName);
        Assert.Equal("User", auth.UserName);
        Assert.Equal("COMPUTER", auth.Workstation);
        Assert.Equal("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa", Hex.Of(auth.LmChallengeResponse));
        Assert.Equal("c5dad2544fc9799094ce1ce90bc9d03e", Hex.Of(auth.EncryptedRandomSessionKey));
        Assert.Equal(new NtlmVersion(5, 1, 2600), auth.Version);
        Assert.Null(auth.Mic); // no MsvAvFlags in this example's AV pairs
        var v2 = Assert.IsType<NtlmV2Response>(auth.NtlmV2Response);
        Assert.Equal("68cd0ab851e51c96aabc927bebef6a1c", Hex.Of(v2.NtProofStr));
        Assert.Equal(ClientChallenge, v2.ChallengeFromClient);
        Assert.Equal(0ul, v2.TimeStamp);
        Assert.Equal([AvId.MsvAvNbDomainName, AvId.MsvAvNbComputerName], v2.AvPairs.Select(p => p.Id));
        Assert.False(v2.MicPresent);
    }

    [Fact]
    public void ServerAcceptsTheExampleAndExportsTheRandomSessionKey()
    {
        var server = new NtlmServer("Domain", "Server", "", "", () => 0, new FixedRandom(ServerChallenge));
        Assert.Equal(NtStatus.MoreProcessingRequired,
            server.ProcessNegotiate(new NegotiateMessage(ChallengeFlags).ToArray(), out _));

        string? lookedUpUser = null, lookedUpDomain = null;
        var result = server.ProcessAuthenticate(Hex.Bytes(AuthenticateMessageHex), (user, domain) =>
        {
            (lookedUpUser, lookedUpDomain) = (user, domain);
            return NtHash.Compute("Password");
        });

        Assert.Equal(NtStatus.Success, result.Status);
        Assert.Equal(("User", "Domain"), (lookedUpUser, lookedUpDomain));
        Assert.Equal(("User", "Domain", "COMPUTER"), (result.User, result.Domain, result.Workstation));
        Assert.False(result.IsAnonymous);
        Assert.False(result.UnknownUser);
        Assert.Equal(RandomSessionKey, result.SessionKey);
        Assert.Equal(0xe2888235u, (uint)result.NegotiateFlags);
    }

    [Fact]
    public void ServerRefusesTheExampleWithAnotherPassword()
    {
        var server = new NtlmServer("Domain", "Server", "", "", () => 0, new FixedRandom(ServerChallenge));
        server.ProcessNegotiate(new NegotiateMessage(ChallengeFlags).ToArray(), out _);
        var result = server.ProcessAuthenticate(Hex.Bytes(AuthenticateMessageHex), (_, _) => NtHash.Compute("password"));
        Assert.Equal(NtStatus.LogonFailure, result.Status);
        Assert.False(result.UnknownUser);
        Assert.Empty(result.SessionKey);
    }

    // 4.2.4.4 GSS_WrapEx Examples: keys from the exported key 0x55 x 16, then the sealed
    // "Plaintext" (UTF-16LE) and the signature, sequence number 0, in each direction.
    [Fact]
    public void SigningAndSealingKeys()
    {
        var security = new NtlmSessionSecurity(RandomSessionKey, ChallengeFlags, isServer: true);
        Assert.Equal("4788dc861b4782f35d43fd98fe1a2d39", Hex.Of(security.ClientSigningKey));
        Assert.Equal("59f600973cc4960a25480a7c196e4c58", Hex.Of(security.ClientSealingKey));
    }

    [Theory]
    [InlineData(true, "54e50165bf1936dc996020c1811b0f06fb5f", "010000007fb38ec5c55d497600000000")]
    [InlineData(false, "160871b730ba74e946c453d7465b54278dd0", "01000000b298b847ce7c580700000000")]
    public void SealThenSignPlaintext(bool clientToServer, string sealedHex, string signatureHex)
    {
        var keys = new NtlmSessionSecurity(RandomSessionKey, ChallengeFlags, isServer: true);
        var sealKey = clientToServer ? keys.ClientSealingKey : keys.ServerSealingKey;
        var signKey = clientToServer ? keys.ClientSigningKey : keys.ServerSigningKey;
        var plaintext = "P\0l\0a\0i\0n\0t\0e\0x\0t\0"u8.ToArray();

        var handle = new Rc4(sealKey);
        var sealedData = new byte[plaintext.Length];
        handle.Transform(plaintext, sealedData);
        Assert.Equal(sealedHex, Hex.Of(sealedData));

        var signature = new byte[NtlmMessageSignature.Size];
        NtlmMessageSignature.Compute(signKey, handle, 0, plaintext, signature);
        Assert.Equal(signatureHex, Hex.Of(signature));
    }
}
