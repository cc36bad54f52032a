using System.Buffers.Binary;
using Protocol.Crypto;
using Protocol.Ntlm;

namespace Protocol.Tests.Ntlm;

public class NtlmServerTests
{
    private const ulong Now = 0x01DA_0000_1234_5678;
    private static readonly byte[] AliceHash = NtHash.Compute("Secret1!");

    private static NtlmServer NewServer() => new("WORKGROUP", "SMBSRV", "example.test", "smbsrv.example.test", () => Now);

    /// <summary>Knows alice (any case) in any domain, like a standalone server's passdb.</summary>
    private static byte[]? Lookup(string user, string domain)
        => string.Equals(user, "alice", StringComparison.OrdinalIgnoreCase) ? AliceHash : null;

    private static (NtlmResult Result, TestNtlmClient Client) Exchange(TestNtlmClient client, NtHashLookup? lookup = null)
    {
        var server = NewServer();
        Assert.Equal(NtStatus.MoreProcessingRequired, server.ProcessNegotiate(client.CreateNegotiate(), out var challenge));
        var result = server.ProcessAuthenticate(client.CreateAuthenticate(challenge), lookup ?? Lookup);
        return (result, client);
    }

    [Fact]
    public void ChallengeCarriesTheTargetInfoAndEchoesTheClientsOptions()
    {
        var server = NewServer();
        var client = new TestNtlmClient();
        server.ProcessNegotiate(client.CreateNegotiate(), out var bytes);
        Assert.True(ChallengeMessage.TryParse(bytes, out var challenge, out _));

        Assert.Equal("SMBSRV", challenge.TargetName);
        Assert.Equal(
            [(AvId.MsvAvNbDomainName, "WORKGROUP"), (AvId.MsvAvNbComputerName, "SMBSRV"),
             (AvId.MsvAvDnsDomainName, "example.test"), (AvId.MsvAvDnsComputerName, "smbsrv.example.test")],
            challenge.TargetInfo.Take(4).Select(p => (p.Id, p.ValueAsString())));
        Assert.Equal(AvId.MsvAvTimestamp, challenge.TargetInfo[4].Id);
        Assert.Equal(Now, BinaryPrimitives.ReadUInt64LittleEndian(challenge.TargetInfo[4].Value));
        Assert.Equal(5, challenge.TargetInfo.Count);

        var expected = TestNtlmClient.DefaultFlags & ~NegotiateFlags.NegotiateOem | NegotiateFlags.TargetTypeServer;
        Assert.Equal(expected, challenge.NegotiateFlags);
        Assert.Equal(NtlmVersion.Server, challenge.Version);
    }

    [Fact]
    public void ChallengeWithoutUnicodeUsesOemAndDropsUnrequestedOptions()
    {
        var server = NewServer();
        server.ProcessNegotiate(new NegotiateMessage(NegotiateFlags.NegotiateOem | NegotiateFlags.NegotiateNtlm
            | NegotiateFlags.NegotiateLmKey | NegotiateFlags.NegotiateDatagram).ToArray(), out var bytes);
        Assert.True(ChallengeMessage.TryParse(bytes, out var challenge, out _));
        Assert.Equal(NegotiateFlags.NegotiateOem | NegotiateFlags.NegotiateNtlm | NegotiateFlags.NegotiateTargetInfo
            | NegotiateFlags.TargetTypeServer, challenge.NegotiateFlags);
        Assert.Equal("SMBSRV", challenge.TargetName);
    }

    [Fact]
    public void ServerChallengeIsRandom()
    {
        var a = NewServer();
        var b = NewServer();
        var negotiate = new TestNtlmClient().CreateNegotiate();
        a.ProcessNegotiate(negotiate, out var ca);
        b.ProcessNegotiate(negotiate, out var cb);
        Assert.NotEqual(Hex.Of(ca.AsSpan(24, 8)), Hex.Of(cb.AsSpan(24, 8)));
    }

    [Fact]
    public void RightPasswordSucceedsWithTheClientsSessionKey()
    {
        var (result, client) = Exchange(new TestNtlmClient());
        Assert.Equal(NtStatus.Success, result.Status);
        Assert.Equal(("alice", "WORKGROUP", "CLIENT1"), (result.User, result.Domain, result.Workstation));
        Assert.False(result.IsAnonymous);
        Assert.False(result.UnknownUser);
        Assert.True(result.MicPresent);
        Assert.Equal(16, result.SessionKey.Length);
        Assert.Equal(client.ExportedSessionKey, result.SessionKey);
        Assert.Equal(client.NegotiatedFlags, result.NegotiateFlags);
    }

    [Fact]
    public void UserNameIsCaseInsensitiveThroughNtowfV2()
    {
        var (result, _) = Exchange(new TestNtlmClient { User = "ALICE" });
        Assert.Equal(NtStatus.Success, result.Status);
        Assert.Equal("ALICE", result.User);
    }

    [Fact]
    public void WithoutKeyExchangeTheSessionKeyIsTheSessionBaseKey()
    {
        var (result, client) = Exchange(new TestNtlmClient { Flags = TestNtlmClient.DefaultFlags & ~NegotiateFlags.NegotiateKeyExch });
        Assert.Equal(NtStatus.Success, result.Status);
        Assert.Equal(client.ExportedSessionKey, result.SessionKey);
    }

    [Fact]
    public void WithoutMicTheExchangeStillSucceeds()
    {
        var (result, _) = Exchange(new TestNtlmClient { SendMic = false });
        Assert.Equal(NtStatus.Success, result.Status);
        Assert.False(result.MicPresent);
    }

    [Fact]
    public void WrongPasswordIsLogonFailure()
    {
        var (result, _) = Exchange(new TestNtlmClient { Password = "wrong" });
        Assert.Equal(NtStatus.LogonFailure, result.Status);
        Assert.False(result.UnknownUser);
        Assert.Empty(result.SessionKey);
        Assert.Equal("alice", result.User);
    }

    [Fact]
    public void UnknownUserIsFlagged()
    {
        var (result, _) = Exchange(new TestNtlmClient { User = "mallory" });
        Assert.Equal(NtStatus.LogonFailure, result.Status);
        Assert.True(result.UnknownUser);
        Assert.Equal("mallory", result.User);
        Assert.Empty(result.SessionKey);
    }

    [Fact]
    public void NtlmV1ResponseIsRefusedWithoutLookup()
    {
        bool called = false;
        var (result, _) = Exchange(new TestNtlmClient { NtlmV1 = true, SendMic = false }, (u, d) => { called = true; return Lookup(u, d); });
        Assert.Equal(NtStatus.LogonFailure, result.Status);
        Assert.False(result.UnknownUser);
        Assert.False(called);
    }

    [Fact]
    public void LmOnlyResponseIsRefused()
    {
        var server = NewServer();
        var client = new TestNtlmClient();
        server.ProcessNegotiate(client.CreateNegotiate(), out _);
        var auth = new AuthenticateMessage(TestNtlmClient.DefaultFlags, new byte[24], [], "WORKGROUP", "alice", "WS", new byte[16]);
        var result = server.ProcessAuthenticate(auth.ToArray(), Lookup);
        Assert.Equal(NtStatus.LogonFailure, result.Status);
    }

    [Fact]
    public void AnonymousIsReportedAsSuccessWithoutKey()
    {
        bool called = false;
        var (result, _) = Exchange(new TestNtlmClient { Anonymous = true }, (u, d) => { called = true; return null; });
        Assert.Equal(NtStatus.Success, result.Status);
        Assert.True(result.IsAnonymous);
        Assert.Empty(result.SessionKey);
        Assert.Null(result.CreateServerSessionSecurity());
        Assert.False(called);
    }

    [Fact]
    public void AnonymousWithEmptyLmResponse()
    {
        var server = NewServer();
        server.ProcessNegotiate(new TestNtlmClient().CreateNegotiate(), out _);
        var result = server.ProcessAuthenticate(new AuthenticateMessage(TestNtlmClient.DefaultFlags, [], [], "", "", "", []).ToArray(), Lookup);
        Assert.True(result.IsAnonymous);
        Assert.Equal(NtStatus.Success, result.Status);
    }

    [Fact]
    public void BadMicIsLogonFailure()
    {
        var (result, _) = Exchange(new TestNtlmClient { CorruptMic = true });
        Assert.Equal(NtStatus.LogonFailure, result.Status);
        Assert.Empty(result.SessionKey);
    }

    [Fact]
    public void TamperingWithTheNegotiateIsCaughtByTheMic()
    {
        // The MIC covers NEGOTIATE || CHALLENGE || AUTHENTICATE: a flag stripped in transit fails it.
        var client = new TestNtlmClient();
        var server = NewServer();
        var negotiate = client.CreateNegotiate();
        var tampered = (byte[])negotiate.Clone();
        tampered[12] &= unchecked((byte)~(byte)NegotiateFlags.NegotiateSign);
        server.ProcessNegotiate(tampered, out var challenge);
        var result = server.ProcessAuthenticate(client.CreateAuthenticate(challenge), Lookup);
        Assert.Equal(NtStatus.LogonFailure, result.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(255)]
    public void KeyExchangeWithASessionKeyNotOf16BytesIsRejected(int length)
    {
        bool called = false;
        var (result, _) = Exchange(new TestNtlmClient { EncryptedKeyLength = length, SendMic = false },
            (u, d) => { called = true; return Lookup(u, d); });
        Assert.Equal(NtStatus.InvalidParameter, result.Status);
        Assert.False(called);
    }

    [Fact]
    public void LookupReturningABadHashIsLogonFailure()
    {
        var (result, _) = Exchange(new TestNtlmClient(), (_, _) => new byte[15]);
        Assert.Equal(NtStatus.LogonFailure, result.Status);
        Assert.False(result.UnknownUser);
    }

    [Fact]
    public void AuthenticateBeforeNegotiateIsInvalid()
    {
        var server = NewServer();
        var result = server.ProcessAuthenticate(new byte[100], Lookup);
        Assert.Equal(NtStatus.InvalidParameter, result.Status);
    }

    [Fact]
    public void EachStepRunsOnce()
    {
        var server = NewServer();
        var client = new TestNtlmClient();
        var negotiate = client.CreateNegotiate();
        Assert.Equal(NtStatus.MoreProcessingRequired, server.ProcessNegotiate(negotiate, out var challenge));
        Assert.Equal(NtStatus.InvalidParameter, server.ProcessNegotiate(negotiate, out var none));
        Assert.Empty(none);
        var authenticate = client.CreateAuthenticate(challenge);
        Assert.Equal(NtStatus.Success, server.ProcessAuthenticate(authenticate, Lookup).Status);
        Assert.Equal(NtStatus.InvalidParameter, server.ProcessAuthenticate(authenticate, Lookup).Status);
    }

    [Fact]
    public void MalformedNegotiateIsInvalidParameter()
    {
        var server = NewServer();
        Assert.Equal(NtStatus.InvalidParameter, server.ProcessNegotiate("NTLMSSP\0\x01\0\0\0"u8, out _));
        Assert.Equal(NtStatus.InvalidParameter, NewServer().ProcessNegotiate([], out _));
    }

    [Fact]
    public void EveryTruncationOrBitFlipOfAnAuthenticateFailsWithAStatus()
    {
        // Same challenge every time, so the untouched message succeeds and each change is what fails.
        var challengeBytes = Hex.Bytes("0011223344556677");
        NtlmServer Server() => new("WORKGROUP", "SMBSRV", "example.test", "smbsrv.example.test", () => Now, new FixedRandom(challengeBytes));
        var client = new TestNtlmClient();
        Server().ProcessNegotiate(client.CreateNegotiate(), out var challenge);
        var authenticate = client.CreateAuthenticate(challenge);

        NtlmResult Run(byte[] message)
        {
            var server = Server();
            server.ProcessNegotiate(client.NegotiateBytes, out _);
            return server.ProcessAuthenticate(message, Lookup);
        }

        Assert.Equal(NtStatus.Success, Run(authenticate).Status);
        for (int length = 0; length < authenticate.Length; length++)
            Assert.NotEqual(NtStatus.Success, Run(authenticate[..length]).Status);
        // Every byte is covered by a bounds check, the NTProofStr or the MIC.
        for (int i = 0; i < authenticate.Length; i++)
        {
            var flipped = (byte[])authenticate.Clone();
            flipped[i] ^= 0x80;
            Assert.True(Run(flipped).Status.IsError, $"byte {i}");
        }
    }
}
