using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>SMB2 TREE_DISCONNECT (MS-SMB2 3.3.5.8).</summary>
public static class Smb2TreeDisconnect
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        await default(NoYield);
        if (!Smb2TreeDisconnectRequest.TryParse(r.Message, Smb2Request.BodyOffset, out _, out var error)) return error;
        r.Connection.CancelRequestsOf(r.Session!, r.Tree, except: r);
        Disconnect(r.Connection, r.Session!, r.Tree!);
        var message = r.ResponseMessage(4);
        r.SetBody(new Smb2TreeDisconnectResponse().Write(message, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }

    /// <summary>Closes the tree's opens and tells its backend; the tree id is invalid at once.</summary>
    public static void Disconnect(Smb2Connection conn, Smb2Session session, Smb2Tree tree)
    {
        conn.CloseOpensOf(session, tree);
        session.Trees.Remove(tree.TreeId);
        var ntreq = new NtvfsRequest(conn.Ev, tree.Ntvfs, conn.Transport.RemoteEndPoint, MayGoAsync: false);
        tree.Ntvfs.Backend.DisconnectSend(ntreq).SetCallback(static req => NtvfsOp.Recv(req, out bool _));
    }
}
