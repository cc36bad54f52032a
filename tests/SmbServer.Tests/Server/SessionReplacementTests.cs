using Protocol;
using Protocol.Crypto;

namespace SmbServer.Tests.Server;

/// <summary>
/// A session that ends because another SESSION_SETUP replaced it (PreviousSessionId, MS-SMB2
/// 3.3.5.5.3) or because its re-authentication failed ends like a LOGOFF: its waiting
/// CHANGE_NOTIFY is answered STATUS_NOTIFY_CLEANUP (smbtorture smb2.notify.session-reconnect and
/// invalid-reauth waited for ever before).
/// </summary>
public sealed class SessionReplacementTests : IDisposable
{
    private const string User = "alice";
    private const string Password = "Secret1!";

    private readonly TestServer _server = new();

    public SessionReplacementTests()
    {
        var hash = Convert.ToHexString(NtHash.Compute(Password));
        File.WriteAllText(Path.Combine(_server.Dir, "smbpasswd"),
            $"{User}:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:{hash}:[U          ]:LCT-65000000:\n");
        Directory.CreateDirectory(Path.Combine(_server.Dir, "share", "watched"));
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public void ANewSessionNamingThePreviousOneEndsIt()
    {
        using var s = Smb2TestSession.Open(_server, User, Password, "share");
        var notify = s.StartNotify(s.Create("watched", directory: true));
        var (status, newSession) = s.Authenticate(User, Password, sessionId: 0, previousSessionId: s.SessionId);
        Assert.Equal(NtStatus.Success, status);
        Assert.NotEqual(s.SessionId, newSession);
        Assert.Equal(NtStatus.NotifyCleanup, s.Wait(notify.Header.MessageId).Status);
        Assert.Equal(NtStatus.UserSessionDeleted, s.Call(s.LogoffRequest()).Status);
    }

    [Fact]
    public void AFailedReauthenticationEndsTheSession()
    {
        using var s = Smb2TestSession.Open(_server, User, Password, "share");
        var notify = s.StartNotify(s.Create("watched", directory: true));
        var (status, _) = s.Authenticate(User, "wrong password", sessionId: s.SessionId, previousSessionId: 0);
        Assert.Equal(NtStatus.LogonFailure, status);
        Assert.Equal(NtStatus.NotifyCleanup, s.Wait(notify.Header.MessageId).Status);
    }

    [Fact]
    public void ANewSessionOfAnotherUserLeavesThePreviousOneAlone()
    {
        File.AppendAllText(Path.Combine(_server.Dir, "smbpasswd"),
            $"bob:1001:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:{Convert.ToHexString(NtHash.Compute(Password))}:[U          ]:LCT-65000000:\n");
        using var s = Smb2TestSession.Open(_server, User, Password, "share");
        var (status, _) = s.Authenticate("bob", Password, sessionId: 0, previousSessionId: s.SessionId);
        Assert.Equal(NtStatus.Success, status);
        s.Create("watched", directory: true); // alice's session and tree still work
    }
}
