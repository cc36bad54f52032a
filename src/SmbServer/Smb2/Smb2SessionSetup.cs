using Ntvfs;
using Protocol;
using Protocol.Ntlm;
using Protocol.Smb2;
using Protocol.Spnego;
using SmbServer.Configuration;
using SmbServer.Users;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 SESSION_SETUP (MS-SMB2 3.3.5.5): SPNEGO-wrapped NTLMv2, guest mapping per "map to guest",
/// anonymous sessions, and the session's signing key.
/// </summary>
public static class Smb2SessionSetup
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        await default(NoYield);
        var conn = r.Connection;
        if (!Smb2SessionSetupRequest.TryParse(r.Message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        // Multichannel binding is not offered (no MULTI_CHANNEL capability), so a binding request is refused.
        if ((request.Flags & Smb2SessionSetupFlags.Binding) != 0) return NtStatus.RequestNotAccepted;

        Smb2Session session;
        ulong sessionId = r.Header.SessionId;
        if (sessionId == 0)
        {
            session = new Smb2Session(conn.AllocateSessionId());
            conn.Sessions[session.SessionId] = session;
        }
        else if (!conn.Sessions.TryGetValue(sessionId, out session!))
        {
            return NtStatus.UserSessionDeleted;
        }
        r.Session = session;
        r.ResponseSessionId = session.SessionId;

        var config = conn.Server.Config;
        if (conn.Dialect == Smb2Dialect.Smb311)
        {
            // MS-SMB2 3.3.5.5: each leg of the exchange extends the session's preauth hash; the hash
            // after the last request (not its response) is the KDF context.
            session.PreauthHash ??= conn.PreauthHash!.Clone();
            session.PreauthHash.Update(r.Message);
        }
        session.Authentication ??= new SpnegoServer(new NtlmServer(
            config.Workgroup, config.NetbiosName, "", config.NetbiosName.ToLowerInvariant()));
        var users = conn.Server.Users;
        var step = session.Authentication.Step(request.GetSecurityBuffer(r.Message),
            (user, _) => users.TryGetUser(user, out var u) && u.HasNtHash ? u.NtHash.ToArray() : null);

        if (step.Status == NtStatus.MoreProcessingRequired)
        {
            if (session.PreauthHash != null)
                r.OnResponseFinal = static resp => resp.Session!.PreauthHash?.Update(resp.Response);
            return Respond(r, step.Status, Smb2SessionFlags.None, step.OutputToken);
        }

        NtvfsSession? user = null;
        byte[] token = step.OutputToken;
        var flags = Smb2SessionFlags.None;
        var result = step.Result;
        if (step.Status.IsSuccess && result != null)
        {
            if (result.IsAnonymous)
            {
                user = new NtvfsSession("", "", Unix(config.GuestAccount).Uid, Unix(config.GuestAccount).Gid, IsGuest: false, IsAnonymous: true);
                flags = Smb2SessionFlags.IsNull;
            }
            else
            {
                if (users.TryGetUser(result.User, out var account) && account.IsDisabled) return Fail(r, session, NtStatus.AccountDisabled);
                var unix = Unix(result.User);
                user = new NtvfsSession(account?.Name ?? result.User, result.Domain, unix.Uid, unix.Gid, IsGuest: false, IsAnonymous: false);
                if (conn.IsSmb3) session.SetKeys(conn.Dialect, result.SessionKey, conn.SigningAlgorithmId, conn.CipherId);
                else session.SetSigningKey(result.SessionKey);
                session.SigningRequired = config.ServerSigning == ServerSigning.Mandatory
                    || (request.SecurityMode & Smb2SecurityMode.SigningRequired) != 0;
            }
        }
        else if (result != null && MapsToGuest(config.MapToGuest, result) && session.Authentication.AcceptAsGuest() is { } guestToken)
        {
            var unix = Unix(config.GuestAccount);
            user = new NtvfsSession(config.GuestAccount, "", unix.Uid, unix.Gid, IsGuest: true, IsAnonymous: false);
            token = guestToken;
            flags = Smb2SessionFlags.IsGuest;
        }
        if (user == null) return Fail(r, session, step.Status.IsError ? step.Status : NtStatus.LogonFailure);

        // "server smb encrypt" (MS-SMB2 3.3.5.5.3): required refuses sessions that cannot encrypt
        // (2.x dialects, no common cipher, guest and anonymous); desired encrypts when it can.
        var encrypt = config.ServerSmbEncrypt;
        if (encrypt == SmbEncrypt.Required && !session.CanEncrypt) return Fail(r, session, NtStatus.AccessDenied);
        if (encrypt is SmbEncrypt.Required or SmbEncrypt.Desired && session.CanEncrypt)
        {
            session.EncryptData = true;
            flags |= Smb2SessionFlags.EncryptData;
        }

        session.User = user with { SessionId = session.SessionId };
        session.IsValid = true;
        session.Authentication = null;
        EndPreviousSession(r, session, request.PreviousSessionId);
        // MS-SMB2 3.3.5.5.3: the final response is signed on 3.1.1 (it proves the preauth hash), and on
        // other dialects when the session requires signing.
        r.SignResponse = session.Signer != null && (session.SigningRequired || conn.Dialect == Smb2Dialect.Smb311);
        return Respond(r, NtStatus.Success, flags, token);
    }

    /// <summary>"map to guest" (smb.conf): bad user maps unknown names; bad password also maps wrong passwords.</summary>
    private static bool MapsToGuest(MapToGuest policy, NtlmResult result) => policy switch
    {
        MapToGuest.BadUser => result.UnknownUser,
        MapToGuest.BadPassword => result.Status == NtStatus.LogonFailure,
        _ => false,
    };

    private static UnixAccount Unix(string name)
        => new EtcPasswd().Find(name) ?? new UnixAccount(name, UserCommand.NoUnixUid, UserCommand.NoUnixUid, "/");

    private static NtStatus Fail(Smb2Request r, Smb2Session session, NtStatus status)
    {
        // A failed setup of a new session removes it; a failed re-authentication ends the session it
        // was for, as Windows does: its trees and opens go and its waiting requests (a CHANGE_NOTIFY)
        // end as at LOGOFF (smbtorture smb2.notify.invalid-reauth).
        EndSession(r, session);
        return status;
    }

    /// <summary>Ends a session of this connection as LOGOFF would, without answering for it.</summary>
    private static void EndSession(Smb2Request r, Smb2Session session)
    {
        r.Connection.CancelRequestsOf(session, null, except: r);
        foreach (var sub in Smb2Logoff.TearDownSession(r.Connection, session))
            sub.SetCallback(Smb2TreeDisconnect.TeardownRecv);
    }

    /// <summary>
    /// MS-SMB2 3.3.5.5.3: a new session naming a PreviousSessionId of the same user replaces it; the
    /// previous session is ended (its opens closed, a waiting CHANGE_NOTIFY answered
    /// STATUS_NOTIFY_CLEANUP, smbtorture smb2.notify.session-reconnect). Only a previous session on
    /// this connection is found: sessions of other connections live on other loops.
    /// </summary>
    private static void EndPreviousSession(Smb2Request r, Smb2Session session, ulong previousSessionId)
    {
        if (previousSessionId == 0 || previousSessionId == session.SessionId) return;
        if (!r.Connection.Sessions.TryGetValue(previousSessionId, out var previous) || previous.User is not { } before) return;
        var now = session.User!;
        if (before.IsAnonymous || before.IsGuest || !string.Equals(before.UserName, now.UserName, StringComparison.OrdinalIgnoreCase)) return;
        EndSession(r, previous);
    }

    private static NtStatus Respond(Smb2Request r, NtStatus status, Smb2SessionFlags flags, ReadOnlySpan<byte> token)
    {
        var message = r.ResponseMessage(Smb2Wire.BodyLength(Smb2SessionSetupResponse.StructureSize, token.Length));
        r.SetBody(new Smb2SessionSetupResponse(flags, 0, 0).Write(message, Smb2Request.BodyOffset, token));
        r.Status = status;
        return status;
    }
}
