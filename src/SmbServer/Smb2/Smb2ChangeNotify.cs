using Ntvfs;
using Protocol;
using Protocol.Fscc;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 CHANGE_NOTIFY (MS-SMB2 3.3.5.19): waits, async, until the backend reports changes under the
/// directory (FILE_NOTIFY_INFORMATION entries, MS-FSCC 2.7.1), until CANCEL (STATUS_CANCELLED) or
/// until the directory is closed (STATUS_NOTIFY_CLEANUP).
/// </summary>
public static class Smb2ChangeNotify
{
    /// <summary>FILE_LIST_DIRECTORY (MS-SMB2 2.2.13.1.2), the right a watch needs.</summary>
    public const uint FileListDirectory = 0x00000001;

    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var conn = r.Connection;
        if (!Smb2ChangeNotifyRequest.TryParse(r.Message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        var status = Validate(request, conn.MaxTransactSize);
        if (status.IsError) return status;
        status = Smb2HandlerSupport.CheckCreditCharge(r, request.OutputBufferLength);
        if (status.IsError) return status;
        status = Smb2HandlerSupport.FindOpen(r, request.FileId, out var open);
        if (status.IsError) return status;
        // MS-FSA 2.1.5.10: only a directory can be watched, through an open that may list it.
        if (!open.Handle.IsDirectory) return NtStatus.InvalidParameter;
        if ((open.Handle.GrantedAccess & FileListDirectory) == 0) return NtStatus.AccessDenied;

        var args = new NtvfsNotifyArgs((CompletionFilter)request.CompletionFilter,
            (request.Flags & Smb2ChangeNotifyFlags.WatchTree) != 0, (int)request.OutputBufferLength);
        var sub = open.Tree.Ntvfs.Backend.NotifySend(Smb2HandlerSupport.NtvfsRequestFor(r, mayGoAsync: true), open.Handle, args);
        bool mayWait = Smb2HandlerSupport.GoAsyncIfWaiting(r, sub);
        if (!await co.Yield(sub))
        {
            // A CANCEL that arrived before this body started (it came in the same read as the
            // CHANGE_NOTIFY) makes Yield return false without cancelling the backend request: left
            // waiting, it would take the next change meant for a later CHANGE_NOTIFY on the handle
            // (smbtorture smb2.notify.tcon and dir hung on that). Cancel it here; the backend ends
            // it at once.
            if (sub.IsInProgress) sub.Cancel();
            if (!sub.IsCompleted)
            {
                Smb2HandlerSupport.Abandon<NtvfsInfoResult>(sub, static (_, _) => { });
                return CancelledStatus(r);
            }
        }
        // A request answered from buffered changes before the CANCEL took effect keeps its answer:
        // the CANCEL came too late (MS-SMB2 3.3.5.16), and the changes are not lost (smb2.notify.tree
        // counts them with CHANGE_NOTIFY + CANCEL pairs).
        status = NtvfsOp.Recv(sub, out NtvfsInfoResult info);
        if (!mayWait) status = Smb2HandlerSupport.AsyncRefusedStatus(status);
        else if (status == NtStatus.Cancelled) return CancelledStatus(r);
        if (status.IsError) return status;

        // MS-FSA 2.1.5.4: a request ended by the cleanup of its handle (close, tree disconnect,
        // logoff) completes with STATUS_NOTIFY_CLEANUP and no entries, as Windows and Samba answer;
        // changes still buffered for the handle go with it.
        if (status == NtStatus.NotifyCleanup) return r.Error(status);
        var data = Smb2HandlerSupport.DataOf(info);
        // MS-FSA 2.1.5.10: changes that do not fit the client's buffer are reported as STATUS_NOTIFY_ENUM_DIR.
        if (data.Length > request.OutputBufferLength) return r.Error(NtStatus.NotifyEnumDir);
        // STATUS_NOTIFY_ENUM_DIR and STATUS_NOTIFY_CLEANUP carry no entries: the ERROR body, as Samba sends.
        if (status != NtStatus.Success && data.IsEmpty) return r.Error(status);
        var response = r.ResponseMessage(Smb2Wire.BodyLength(Smb2ChangeNotifyResponse.StructureSize, data.Length));
        r.SetBody(new Smb2ChangeNotifyResponse(0, 0).Write(response, Smb2Request.BodyOffset, data));
        return status;
    }

    /// <summary>
    /// A watch whose tree or session goes away ends as if its directory were closed
    /// (STATUS_NOTIFY_CLEANUP, as Windows and Samba answer: smb2.notify.tdis1, logoff); only an SMB2
    /// CANCEL gives STATUS_CANCELLED.
    /// </summary>
    private static NtStatus CancelledStatus(Smb2Request r)
        => r.CancelledByTeardown ? r.Error(NtStatus.NotifyCleanup) : NtStatus.Cancelled;

    /// <summary>
    /// An OutputBufferLength above Connection.MaxTransactSize is STATUS_INVALID_PARAMETER (MS-SMB2
    /// 3.3.5.19). The CompletionFilter is not checked: neither MS-SMB2 3.3.5.19 nor MS-FSA 2.1.5.11
    /// refuses any value, later requests on an open ignore theirs (MS-SMB2 3.3.1.3), and Windows and
    /// Samba accept a zero or undefined filter (smbtorture smb2.notify.mask and rec send them).
    /// </summary>
    public static NtStatus Validate(in Smb2ChangeNotifyRequest request, uint maxTransactSize)
        => request.OutputBufferLength > maxTransactSize ? NtStatus.InvalidParameter : NtStatus.Success;
}
