using Protocol.Crypto;
using Protocol.Ntlm;
using Protocol.Spnego;
using Protocol.Tests.Ntlm;

namespace Protocol.Tests.Spnego;

public class SpnegoServerTests
{
    private static readonly byte[] AliceHash = NtHash.Compute("Secret1!");

    private static byte[]? Lookup(string user, string domain) => user == "alice" ? AliceHash : null;

    private static SpnegoServer NewServer()
        => new(new NtlmServer("WORKGROUP", "SMBSRV", "example.test", "smbsrv.example.test"));

    private static NegTokenResp Resp(SpnegoStepResult step)
    {
        Assert.True(NegTokenResp.TryParse(step.OutputToken, out var resp, out var error), error.ToString());
        return resp;
    }

    /// <summary>
    /// A client's side of SESSION_SETUP over SPNEGO (RFC 4178): NegTokenInit with the NEGOTIATE as
    /// optimistic token when NTLMSSP is first, NegTokenResp with the AUTHENTICATE and a mechListMIC.
    /// </summary>
    private sealed class SpnegoExchange
    {
        public required TestNtlmClient Client { get; init; }
        public string[] MechTypes { get; init; } = [SpnegoOids.Ntlmssp];
        public bool SendOptimisticToken { get; init; } = true;
        public bool SendMechListMic { get; init; } = true;
        public bool CorruptMechListMic { get; init; }
        /// <summary>The list the client signs, when a man in the middle changed what the server saw.</summary>
        public string[]? MechTypesClientBelieves { get; init; }

        public SpnegoServer Server { get; } = NewServer();
        public List<SpnegoStepResult> Steps { get; } = [];
        public NtlmSessionSecurity? ClientSecurity { get; private set; }

        public SpnegoStepResult Run()
        {
            byte[]? optimistic = SendOptimisticToken
                ? MechTypes[0] == SpnegoOids.Ntlmssp ? Client.CreateNegotiate() : [0x60, 0x00] // a "Kerberos" token
                : null;
            var first = Server.Step(new NegTokenInit(MechTypes, optimistic).Encode(), Lookup);
            Steps.Add(first);
            Assert.Equal(NtStatus.MoreProcessingRequired, first.Status);
            var resp = Resp(first);
            Assert.Equal(NegState.AcceptIncomplete, resp.NegState);
            Assert.Equal(SpnegoOids.Ntlmssp, resp.SupportedMech);

            var challenge = resp.ResponseToken;
            if (challenge is null)
            {
                var second = Server.Step(new NegTokenResp(ResponseToken: Client.CreateNegotiate()).Encode(), Lookup);
                Steps.Add(second);
                Assert.Equal(NtStatus.MoreProcessingRequired, second.Status);
                var resp2 = Resp(second);
                Assert.Equal(NegState.AcceptIncomplete, resp2.NegState);
                challenge = resp2.ResponseToken!;
            }

            var authenticate = Client.CreateAuthenticate(challenge);
            byte[]? mic = null;
            if (SendMechListMic && !Client.Anonymous)
            {
                ClientSecurity = Client.CreateSessionSecurity();
                mic = ClientSecurity.GetMic(NegTokenInit.EncodeMechTypes(MechTypesClientBelieves ?? MechTypes));
                if (CorruptMechListMic) mic[5] ^= 1;
            }
            var last = Server.Step(new NegTokenResp(ResponseToken: authenticate, MechListMic: mic).Encode(), Lookup);
            Steps.Add(last);
            return last;
        }
    }

    [Fact]
    public void FullExchangeWithMechListMicBothWays()
    {
        var exchange = new SpnegoExchange { Client = new TestNtlmClient() };
        var last = exchange.Run();

        Assert.Equal(2, exchange.Steps.Count);
        Assert.Equal(NtStatus.Success, last.Status);
        var result = Assert.IsType<NtlmResult>(last.Result);
        Assert.Equal("alice", result.User);
        Assert.Equal(exchange.Client.ExportedSessionKey, result.SessionKey);
        Assert.True(result.MicPresent);

        var resp = Resp(last);
        Assert.Equal(NegState.AcceptCompleted, resp.NegState);
        Assert.Null(resp.ResponseToken);
        Assert.NotNull(resp.MechListMic);
        Assert.True(exchange.ClientSecurity!.VerifyMic(NegTokenInit.EncodeMechTypes([SpnegoOids.Ntlmssp]), resp.MechListMic));
    }

    [Fact]
    public void KerberosFirstMakesTheServerSelectNtlmssp()
    {
        // Windows clients list Kerberos first with a Kerberos optimistic token; we pick NTLMSSP.
        var exchange = new SpnegoExchange
        {
            Client = new TestNtlmClient(),
            MechTypes = [SpnegoOids.MsKerberos5, SpnegoOids.Kerberos5, SpnegoOids.NegoEx, SpnegoOids.Ntlmssp],
        };
        var last = exchange.Run();

        Assert.Equal(3, exchange.Steps.Count);
        Assert.Null(Resp(exchange.Steps[0]).ResponseToken);
        Assert.Null(Resp(exchange.Steps[1]).SupportedMech); // only the first reply names the mechanism
        Assert.Equal(NtStatus.Success, last.Status);
        var resp = Resp(last);
        Assert.True(exchange.ClientSecurity!.VerifyMic(NegTokenInit.EncodeMechTypes(exchange.MechTypes), resp.MechListMic!));
    }

    [Fact]
    public void NoOptimisticTokenStillWorks()
    {
        var exchange = new SpnegoExchange { Client = new TestNtlmClient(), SendOptimisticToken = false };
        Assert.Equal(NtStatus.Success, exchange.Run().Status);
        Assert.Equal(3, exchange.Steps.Count);
    }

    [Fact]
    public void WrongPasswordIsLogonFailureWithReject()
    {
        var exchange = new SpnegoExchange { Client = new TestNtlmClient { Password = "nope" } };
        var last = exchange.Run();
        Assert.Equal(NtStatus.LogonFailure, last.Status);
        Assert.Equal(NegState.Reject, Resp(last).NegState);
        Assert.False(last.Result!.UnknownUser);
    }

    [Fact]
    public void UnknownUserCanBeMappedToGuest()
    {
        var exchange = new SpnegoExchange { Client = new TestNtlmClient { User = "bob" } };
        var last = exchange.Run();
        Assert.Equal(NtStatus.LogonFailure, last.Status);
        Assert.True(last.Result!.UnknownUser);
        Assert.Equal("bob", last.Result.User);

        var guest = exchange.Server.AcceptAsGuest();
        Assert.NotNull(guest);
        Assert.True(NegTokenResp.TryParse(guest, out var resp, out _));
        Assert.Equal(NegState.AcceptCompleted, resp.NegState);
        Assert.Null(resp.MechListMic);
    }

    [Fact]
    public void AcceptAsGuestIsOnlyForAFailedLogon()
    {
        var exchange = new SpnegoExchange { Client = new TestNtlmClient() };
        Assert.Null(exchange.Server.AcceptAsGuest());
        exchange.Run();
        Assert.Null(exchange.Server.AcceptAsGuest());
    }

    [Fact]
    public void NtlmV1IsRefused()
    {
        var last = new SpnegoExchange { Client = new TestNtlmClient { NtlmV1 = true, SendMic = false }, SendMechListMic = false }.Run();
        Assert.Equal(NtStatus.LogonFailure, last.Status);
        Assert.Equal(NegState.Reject, Resp(last).NegState);
    }

    [Fact]
    public void BadMechListMicIsLogonFailure()
    {
        var exchange = new SpnegoExchange { Client = new TestNtlmClient(), CorruptMechListMic = true };
        var last = exchange.Run();
        Assert.Equal(NtStatus.LogonFailure, last.Status);
        Assert.Empty(last.Result!.SessionKey);
        Assert.Equal(NegState.Reject, Resp(last).NegState);
        Assert.Null(exchange.Server.AcceptAsGuest());
    }

    [Fact]
    public void DowngradedMechListIsCaughtByTheMechListMic()
    {
        // The client offered Kerberos and NTLMSSP; a man in the middle removed Kerberos.
        var last = new SpnegoExchange
        {
            Client = new TestNtlmClient(),
            MechTypes = [SpnegoOids.Ntlmssp],
            MechTypesClientBelieves = [SpnegoOids.Kerberos5, SpnegoOids.Ntlmssp],
        }.Run();
        Assert.Equal(NtStatus.LogonFailure, last.Status);
    }

    [Fact]
    public void NtlmMicWithoutMechListMicIsRefused()
    {
        var last = new SpnegoExchange { Client = new TestNtlmClient(), SendMechListMic = false }.Run();
        Assert.Equal(NtStatus.LogonFailure, last.Status);
    }

    [Fact]
    public void OldClientWithoutAnyMicSucceedsWithoutOurMic()
    {
        var last = new SpnegoExchange { Client = new TestNtlmClient { SendMic = false }, SendMechListMic = false }.Run();
        Assert.Equal(NtStatus.Success, last.Status);
        Assert.Null(Resp(last).MechListMic);
    }

    [Fact]
    public void MechListMicWithoutExtendedSessionSecurityCannotBeVerified()
    {
        var client = new TestNtlmClient { Flags = TestNtlmClient.DefaultFlags & ~NegotiateFlags.NegotiateExtendedSessionSecurity, SendMic = false };
        var server = NewServer();
        var first = server.Step(new NegTokenInit([SpnegoOids.Ntlmssp], client.CreateNegotiate()).Encode(), Lookup);
        var authenticate = client.CreateAuthenticate(Resp(first).ResponseToken!);
        var last = server.Step(new NegTokenResp(ResponseToken: authenticate, MechListMic: new byte[16]).Encode(), Lookup);
        Assert.Equal(NtStatus.LogonFailure, last.Status);
    }

    [Fact]
    public void AnonymousThroughSpnego()
    {
        var last = new SpnegoExchange { Client = new TestNtlmClient { Anonymous = true } }.Run();
        Assert.Equal(NtStatus.Success, last.Status);
        Assert.True(last.Result!.IsAnonymous);
        var resp = Resp(last);
        Assert.Equal(NegState.AcceptCompleted, resp.NegState);
        Assert.Null(resp.MechListMic);
    }

    [Fact]
    public void RawNtlmsspWithoutSpnego()
    {
        var server = NewServer();
        var client = new TestNtlmClient();
        var first = server.Step(client.CreateNegotiate(), Lookup);
        Assert.True(server.IsRawNtlmssp);
        Assert.Equal(NtStatus.MoreProcessingRequired, first.Status);
        Assert.True(ChallengeMessage.TryParse(first.OutputToken, out _, out _));

        var last = server.Step(client.CreateAuthenticate(first.OutputToken), Lookup);
        Assert.Equal(NtStatus.Success, last.Status);
        Assert.Empty(last.OutputToken);
        Assert.Equal(client.ExportedSessionKey, last.Result!.SessionKey);
    }

    [Fact]
    public void RawNtlmsspUnknownUserMapsToGuestWithAnEmptyToken()
    {
        var server = NewServer();
        var client = new TestNtlmClient { User = "bob" };
        var first = server.Step(client.CreateNegotiate(), Lookup);
        var last = server.Step(client.CreateAuthenticate(first.OutputToken), Lookup);
        Assert.True(last.Result!.UnknownUser);
        Assert.Equal([], Assert.IsType<byte[]>(server.AcceptAsGuest()));
    }

    [Fact]
    public void NoNtlmsspInTheListIsRejected()
    {
        var step = NewServer().Step(new NegTokenInit([SpnegoOids.Kerberos5], [0x60, 0]).Encode(), Lookup);
        Assert.Equal(NtStatus.LogonFailure, step.Status);
        Assert.Equal(NegState.Reject, Resp(step).NegState);
    }

    [Fact]
    public void MalformedTokensAreInvalidParameterAndEndTheExchange()
    {
        var server = NewServer();
        var step = server.Step([0x60, 0x05, 0x06], Lookup);
        Assert.Equal(NtStatus.InvalidParameter, step.Status);
        Assert.Empty(step.OutputToken);
        Assert.Null(step.Result);
        Assert.Equal(NtStatus.InvalidParameter, server.Step(new TestNtlmClient().CreateNegotiate(), Lookup).Status);
    }

    [Fact]
    public void EmptyFirstTokenIsInvalidParameter()
        => Assert.Equal(NtStatus.InvalidParameter, NewServer().Step([], Lookup).Status);

    [Fact]
    public void MalformedNtlmInsideSpnegoIsInvalidParameter()
    {
        var step = NewServer().Step(new NegTokenInit([SpnegoOids.Ntlmssp], "NTLMSSP\0\x01"u8.ToArray()).Encode(), Lookup);
        Assert.Equal(NtStatus.InvalidParameter, step.Status);
    }

    [Fact]
    public void SecondTokenWithoutResponseTokenIsInvalidParameter()
    {
        var server = NewServer();
        server.Step(new NegTokenInit([SpnegoOids.Ntlmssp], new TestNtlmClient().CreateNegotiate()).Encode(), Lookup);
        Assert.Equal(NtStatus.InvalidParameter, server.Step(new NegTokenResp(NegState.AcceptIncomplete).Encode(), Lookup).Status);
    }

    [Fact]
    public void StepAfterTheEndIsInvalidParameter()
    {
        var exchange = new SpnegoExchange { Client = new TestNtlmClient() };
        exchange.Run();
        Assert.Equal(NtStatus.InvalidParameter, exchange.Server.Step(new NegTokenResp().Encode(), Lookup).Status);
    }
}
