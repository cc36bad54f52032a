using Protocol;
using Protocol.Smb2;
using TEvent;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>SMB2 LOGOFF (MS-SMB2 3.3.5.6): ends the session and everything opened under it.</summary>
public static class Smb2Logoff
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        if (!Smb2LogoffRequest.TryParse(r.Message, Smb2Request.BodyOffset, out _, out var error)) return error;
        var session = r.Session!;
        r.Connection.CancelRequestsOf(session, null, except: r);
        var subs = TearDownSession(r.Connection, session, disposeKeys: false);
        // Answer when the backend has closed everything (delete-on-close done), like TREE_DISCONNECT.
        foreach (var sub in subs)
        {
            if (!await co.Yield(sub)) return NtStatus.Cancelled;
            Smb2TreeDisconnect.TeardownRecv(sub);
        }
        var message = r.ResponseMessage(4);
        r.SetBody(new Smb2LogoffResponse().Write(message, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }

    /// <summary>
    /// Forgets the session and tears down each of its trees (<see cref="Smb2TreeDisconnect.TeardownSend"/>);
    /// returns those requests. The signing key survives a LOGOFF until its own response is signed;
    /// on connection loss it is zeroed at once.
    /// </summary>
    public static List<TeventReq> TearDownSession(Smb2Connection conn, Smb2Session session, bool disposeKeys = true)
    {
        var subs = new List<TeventReq>(session.Trees.Count);
        foreach (var tree in session.Trees.Values.ToList()) subs.Add(Smb2TreeDisconnect.TeardownSend(conn, session, tree));
        conn.Sessions.Remove(session.SessionId);
        session.IsValid = false;
        if (disposeKeys) session.Dispose();
        return subs;
    }
}
