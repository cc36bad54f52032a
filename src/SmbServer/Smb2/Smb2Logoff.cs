using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>SMB2 LOGOFF (MS-SMB2 3.3.5.6): ends the session and everything opened under it.</summary>
public static class Smb2Logoff
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        await default(NoYield);
        if (!Smb2LogoffRequest.TryParse(r.Message, Smb2Request.BodyOffset, out _, out var error)) return error;
        var session = r.Session!;
        r.Connection.CancelRequestsOf(session, null, except: r);
        TearDownSession(r.Connection, session, disposeKeys: false);
        var message = r.ResponseMessage(4);
        r.SetBody(new Smb2LogoffResponse().Write(message, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }

    /// <summary>
    /// Closes the session's opens and trees and forgets it. The signing key survives a LOGOFF until
    /// its own response is signed; on connection loss it is zeroed at once.
    /// </summary>
    public static void TearDownSession(Smb2Connection conn, Smb2Session session, bool disposeKeys = true)
    {
        conn.CloseOpensOf(session, null);
        foreach (var tree in session.Trees.Values.ToList()) Smb2TreeDisconnect.Disconnect(conn, session, tree);
        conn.Sessions.Remove(session.SessionId);
        session.IsValid = false;
        if (disposeKeys) session.Dispose();
    }
}
