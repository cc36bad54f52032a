using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>SMB2 FLUSH (MS-SMB2 3.3.5.11).</summary>
public static class Smb2Flush
{
    /// <summary>FILE_WRITE_DATA | FILE_APPEND_DATA (FILE_ADD_FILE | FILE_ADD_SUBDIRECTORY on a directory).</summary>
    public const uint WriteAccess = 0x00000006;

    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        if (!Smb2FlushRequest.TryParse(r.Message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        var status = Smb2HandlerSupport.FindOpen(r, request.FileId, out var open);
        if (status.IsError) return status;
        status = CheckAccess(open.Tree.IsIpc, open.Handle.GrantedAccess);
        if (status.IsError) return status;

        var sub = open.Tree.Ntvfs.Backend.FlushSend(Smb2HandlerSupport.NtvfsRequestFor(r), open.Handle);
        if (!await co.Yield(sub)) return NtStatus.Cancelled;
        status = NtvfsOp.Recv(sub, out bool _);
        if (status.IsError) return status;

        var message = r.ResponseMessage(Smb2FlushResponse.StructureSize);
        r.SetBody(new Smb2FlushResponse().Write(message, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.11: an open that is not a named pipe needs FILE_WRITE_DATA or FILE_APPEND_DATA,
    /// else STATUS_ACCESS_DENIED. The same bits are FILE_ADD_FILE / FILE_ADD_SUBDIRECTORY on a directory.
    /// </summary>
    public static NtStatus CheckAccess(bool isPipe, uint grantedAccess)
        => isPipe || (grantedAccess & WriteAccess) != 0 ? NtStatus.Success : NtStatus.AccessDenied;
}
