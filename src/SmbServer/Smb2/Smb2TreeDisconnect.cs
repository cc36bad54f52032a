using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>SMB2 TREE_DISCONNECT (MS-SMB2 3.3.5.8), and the teardown of a tree that LOGOFF and connection loss share.</summary>
public static class Smb2TreeDisconnect
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        if (!Smb2TreeDisconnectRequest.TryParse(r.Message, Smb2Request.BodyOffset, out _, out var error)) return error;
        r.Connection.CancelRequestsOf(r.Session!, r.Tree, except: r);
        // The response waits for the backend: a client that reconnects and reopens a file it had
        // marked delete-on-close must find it gone, as it would on Windows and Samba.
        var sub = TeardownSend(r.Connection, r.Session!, r.Tree!);
        if (!await co.Yield(sub)) return NtStatus.Cancelled;
        TeardownRecv(sub);
        var message = r.ResponseMessage(4);
        r.SetBody(new Smb2TreeDisconnectResponse().Write(message, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }

    private sealed class TeardownState
    {
        public Smb2Connection Conn = null!;
        public Smb2Tree Tree = null!;
        public int PendingCloses;
    }

    /// <summary>
    /// Ends a tree: its id is invalid at once and its opens are taken out of the connection's table;
    /// the backend closes each open (delete-on-close included), and only when every close has
    /// finished is the tree disconnected from the backend, which releases the share's resources the
    /// closes still use. Completes when the backend is done; never fails.
    /// </summary>
    public static TeventReq TeardownSend(Smb2Connection conn, Smb2Session session, Smb2Tree tree)
    {
        var req = TeventReq.Create<TeardownState>(conn.Ev, out var state, "tree teardown");
        state.Conn = conn;
        state.Tree = tree;
        session.Trees.Remove(tree.TreeId);
        var opens = conn.TakeOpensOf(session, tree);
        state.PendingCloses = opens.Count;
        foreach (var open in opens)
        {
            var ntreq = new NtvfsRequest(conn.Ev, tree.Ntvfs, conn.Transport.RemoteEndPoint, MayGoAsync: false);
            var sub = tree.Ntvfs.Backend.CloseSend(ntreq, open.Handle, false);
            sub.SetCallback(s => CloseDone(s, req));
        }
        if (opens.Count == 0) DisconnectBackend(req);
        return req;
    }

    public static void TeardownRecv(TeventReq req) => req.RecvStatus();

    private static void CloseDone(TeventReq subreq, TeventReq req)
    {
        NtvfsOp.Recv(subreq, out NtvfsCloseResult _); // a close that fails has nothing left to undo
        var state = req.StateAs<TeardownState>();
        if (--state.PendingCloses == 0) DisconnectBackend(req);
    }

    private static void DisconnectBackend(TeventReq req)
    {
        var state = req.StateAs<TeardownState>();
        var ntreq = new NtvfsRequest(state.Conn.Ev, state.Tree.Ntvfs, state.Conn.Transport.RemoteEndPoint, MayGoAsync: false);
        var sub = state.Tree.Ntvfs.Backend.DisconnectSend(ntreq);
        sub.SetCallback(s =>
        {
            NtvfsOp.Recv(s, out bool _);
            req.Done();
        });
    }
}
