using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>SMB2 CLOSE (MS-SMB2 3.3.5.10).</summary>
public static class Smb2Close
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var conn = r.Connection;
        if (!Smb2CloseRequest.TryParse(r.Message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        var status = Smb2HandlerSupport.FindOpen(r, request.FileId, out var open);
        if (status.IsError) return status;

        // The FileId is invalid from now on, even for requests that arrive while the backend closes.
        conn.Opens.Remove(open.VolatileId);
        conn.Server.OpenClosed();

        bool postQuery = (request.Flags & Smb2CloseFlags.PostqueryAttrib) != 0;
        var sub = open.Tree.Ntvfs.Backend.CloseSend(Smb2HandlerSupport.NtvfsRequestFor(r), open.Handle, postQuery);
        if (!await co.Yield(sub)) return NtStatus.Cancelled;
        status = NtvfsOp.Recv(sub, out NtvfsCloseResult closed);
        if (status.IsError) return status;

        var message = r.ResponseMessage(Smb2CloseResponse.StructureSize);
        r.SetBody(ResponseFor(postQuery, closed).Write(message, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.10: with SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB the response carries the file's times,
    /// sizes and attributes and echoes the flag; without it (or when the backend has none) all are 0.
    /// </summary>
    public static Smb2CloseResponse ResponseFor(bool postQuery, in NtvfsCloseResult closed)
    {
        if (!postQuery || !closed.HasMetadata) return default;
        var m = closed.Metadata;
        return new Smb2CloseResponse(Smb2CloseFlags.PostqueryAttrib, m.CreationTime, m.LastAccessTime, m.LastWriteTime,
            m.ChangeTime, m.AllocationSize, m.EndOfFile, (uint)m.EffectiveAttributes);
    }
}
