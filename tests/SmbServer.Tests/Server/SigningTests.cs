using System.Buffers.Binary;
using Protocol;
using Protocol.Crypto;
using Protocol.Signing;
using Protocol.Smb2;
using Protocol.Tests.Ntlm;

namespace SmbServer.Tests.Server;

/// <summary>
/// A real NTLMv2 session against the live server with "server signing = mandatory": unsigned and
/// badly signed requests are refused, signed ones are served and answered signed.
/// </summary>
public class SigningTests : IDisposable
{
    private readonly TestServer _server = new(extraGlobal: "  server signing = mandatory");

    public SigningTests()
    {
        var hash = Convert.ToHexString(NtHash.Compute("Secret1!"));
        File.WriteAllText(Path.Combine(_server.Dir, "smbpasswd"),
            $"alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:{hash}:[U          ]:LCT-65000000:\n");
    }

    public void Dispose() => _server.Dispose();

    private static (RawSmbClient Client, ulong SessionId, Smb2HmacSha256Signer Signer) Login(TestServer server, string password = "Secret1!")
    {
        var c = server.Connect();
        var negotiate = c.Negotiate(Smb2Dialect.Smb210);
        Assert.NotNull(negotiate);
        Assert.True(Smb2NegotiateResponse.TryParse(negotiate, Smb2Header.Size, out var n, out _));
        Assert.True((n.SecurityMode & Smb2SecurityMode.SigningRequired) != 0);

        var ntlm = new TestNtlmClient { Password = password };
        c.SendFrame(c.Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size, ntlm.CreateNegotiate())));
        var challenge = c.Receive();
        Assert.NotNull(challenge);
        Assert.Equal(NtStatus.MoreProcessingRequired, RawSmbClient.StatusOf(challenge));
        ulong sessionId = BinaryPrimitives.ReadUInt64LittleEndian(challenge.AsSpan(Smb2Header.SessionIdOffset));
        Assert.True(Smb2SessionSetupResponse.TryParse(challenge, Smb2Header.Size, out var s1, out _));
        var authenticate = ntlm.CreateAuthenticate(s1.GetSecurityBuffer(challenge));
        c.SendFrame(c.Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size, authenticate), sessionId: sessionId));
        var final = c.Receive();
        Assert.NotNull(final);
        if (RawSmbClient.StatusOf(final) != NtStatus.Success) return (c, 0, null!);
        var signer = new Smb2HmacSha256Signer(ntlm.ExportedSessionKey);
        // The final SESSION_SETUP response of a signing-required session is signed.
        Assert.True((Smb2Header.GetFlags(final) & Smb2HeaderFlags.Signed) != 0);
        Assert.True(signer.Verify(final));
        return (c, sessionId, signer);
    }

    private static byte[] TreeConnect(RawSmbClient c, ulong sessionId, string share)
        => c.Build(Smb2Command.TreeConnect, m => new Smb2TreeConnectRequest(0, 0, 0, 0, 0).Write(m, Smb2Header.Size, $@"\\127.0.0.1\{share}"), sessionId: sessionId);

    [Fact]
    public void WrongPasswordIsLogonFailure()
    {
        var (c, sessionId, _) = Login(_server, "wrong");
        using (c) Assert.Equal(0ul, sessionId);
    }

    [Fact]
    public void SignedRequestIsServedAndItsResponseSigned()
    {
        var (c, sessionId, signer) = Login(_server);
        using (c)
        {
            var request = TreeConnect(c, sessionId, "nosuchshare");
            Smb2Header.AddFlags(request, Smb2HeaderFlags.Signed);
            signer.Sign(request);
            c.SendFrame(request);
            var response = c.Receive();
            Assert.NotNull(response);
            Assert.Equal(NtStatus.BadNetworkName, RawSmbClient.StatusOf(response));
            Assert.True(signer.Verify(response));
        }
    }

    [Fact]
    public void UnsignedRequestIsRefusedWhenSigningIsMandatory()
    {
        var (c, sessionId, _) = Login(_server);
        using (c)
        {
            c.SendFrame(TreeConnect(c, sessionId, "nosuchshare"));
            var response = c.Receive();
            Assert.NotNull(response);
            Assert.Equal(NtStatus.AccessDenied, RawSmbClient.StatusOf(response));
        }
    }

    [Fact]
    public void BadSignatureIsRefused()
    {
        var (c, sessionId, signer) = Login(_server);
        using (c)
        {
            var request = TreeConnect(c, sessionId, "nosuchshare");
            Smb2Header.AddFlags(request, Smb2HeaderFlags.Signed);
            signer.Sign(request);
            request[^1] ^= 0x01; // tamper after signing
            c.SendFrame(request);
            var response = c.Receive();
            Assert.NotNull(response);
            Assert.Equal(NtStatus.AccessDenied, RawSmbClient.StatusOf(response));
        }
    }

    [Fact]
    public void LogoffThenRequestGetsUserSessionDeleted()
    {
        var (c, sessionId, signer) = Login(_server);
        using (c)
        {
            var logoff = c.Build(Smb2Command.Logoff, m => new Smb2LogoffRequest().Write(m, Smb2Header.Size), sessionId: sessionId);
            Smb2Header.AddFlags(logoff, Smb2HeaderFlags.Signed);
            signer.Sign(logoff);
            c.SendFrame(logoff);
            var response = c.Receive();
            Assert.NotNull(response);
            Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(response));
            c.SendFrame(TreeConnect(c, sessionId, "share"));
            var after = c.Receive();
            Assert.NotNull(after);
            Assert.Equal(NtStatus.UserSessionDeleted, RawSmbClient.StatusOf(after));
        }
    }
}
