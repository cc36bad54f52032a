using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>SMB2 SET_INFO (MS-SMB2 3.3.5.21): the buffer is decoded and applied by the backend (renames and delete-on-close included).</summary>
public static class Smb2SetInfo
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var conn = r.Connection;
        var message = r.Message;
        if (!Smb2SetInfoRequest.TryParse(message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        var status = Validate(request, conn.MaxTransactSize);
        if (status.IsError) return status;
        status = Smb2HandlerSupport.CheckCreditCharge(r, request.BufferLength);
        if (status.IsError) return status;
        status = Smb2HandlerSupport.FindOpen(r, request.FileId, out var open);
        if (status.IsError) return status;

        var args = new NtvfsSetInfoArgs(request.InfoType, request.FileInfoClass, request.AdditionalInformation,
            Smb2HandlerSupport.CopyOf(request.GetBuffer(message)));
        var sub = open.Tree.Ntvfs.Backend.SetInfoSend(Smb2HandlerSupport.NtvfsRequestFor(r), open.Handle, args);
        if (!await co.Yield(sub)) return NtStatus.Cancelled;
        status = NtvfsOp.Recv(sub, out bool _);
        // A warning from SET_INFO is a failure all the same (STATUS_INVALID_EA_NAME, EA_LIST_INCONSISTENT).
        if (!status.IsSuccess) return status;

        var response = r.ResponseMessage(Smb2SetInfoResponse.StructureSize);
        r.SetBody(new Smb2SetInfoResponse().Write(response, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.21: an InfoType outside SMB2_0_INFO_FILE .. SMB2_0_INFO_QUOTA, or a buffer larger
    /// than Connection.MaxTransactSize, is STATUS_INVALID_PARAMETER.
    /// </summary>
    public static NtStatus Validate(in Smb2SetInfoRequest request, uint maxTransactSize)
    {
        if (!Smb2QueryInfo.IsInfoType(request.InfoType)) return NtStatus.InvalidParameter;
        if (request.BufferLength > maxTransactSize) return NtStatus.InvalidParameter;
        return NtStatus.Success;
    }
}
