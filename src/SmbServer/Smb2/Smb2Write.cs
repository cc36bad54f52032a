using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 WRITE (MS-SMB2 3.3.5.13). The data goes to the backend as a slice of the received message,
/// not copied; access to the data (FILE_WRITE_DATA / FILE_APPEND_DATA, locks) is the backend's to check.
/// </summary>
public static class Smb2Write
{
    /// <summary>MS-FSA 2.1.5.3: a ByteOffset of -1 (FILE_WRITE_TO_END_OF_FILE) writes at the end of the file.</summary>
    public const long WriteToEndOfFile = -1;

    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var conn = r.Connection;
        if (!Smb2WriteRequest.TryParse(r.Message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        var status = Validate(request, conn.MaxWriteSize, conn.Dialect, out long offset);
        if (status.IsError) return status;
        status = Smb2HandlerSupport.CheckCreditCharge(r, Math.Max(request.Length, request.WriteChannelInfoLength));
        if (status.IsError) return status;
        status = Smb2HandlerSupport.FindOpen(r, request.FileId, out var open);
        if (status.IsError) return status;

        // The data stays in the received frame, which returns to its pool when the message is done.
        // A write cannot be stopped half-way anyway, so CANCEL (and connection teardown) must not end
        // this handler before the backend has finished reading that memory: no cancel function.
        co.Req.SetCancelFn(null);
        if (co.IsCancelled) return NtStatus.Cancelled;
        var data = r.MessageMemory.Slice(request.DataOffset, (int)request.Length);
        bool writeThrough = (request.Flags & Smb2WriteFlags.WriteThrough) != 0;
        var sub = open.Tree.Ntvfs.Backend.WriteSend(Smb2HandlerSupport.NtvfsRequestFor(r), open.Handle,
            new NtvfsWriteArgs(offset, data, writeThrough));
        if (!await co.Yield(sub)) return NtStatus.Cancelled;
        status = NtvfsOp.Recv(sub, out NtvfsWriteResult written);
        if (status.IsError) return status;

        var message = r.ResponseMessage(Smb2WriteResponse.StructureSize);
        r.SetBody(new Smb2WriteResponse((uint)Math.Clamp(written.Count, 0, (int)request.Length), 0, 0, 0)
            .Write(message, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.13: Length above Connection.MaxWriteSize is STATUS_INVALID_PARAMETER (data
    /// outside the request was refused by the parser); so is an RDMA Channel on 3.x and an Offset
    /// no file position can hold, except all ones, which is FILE_WRITE_TO_END_OF_FILE (MS-FSA 2.1.5.3).
    /// </summary>
    public static NtStatus Validate(in Smb2WriteRequest request, uint maxWriteSize, Smb2Dialect dialect, out long offset)
    {
        offset = 0;
        if (request.Length > maxWriteSize) return NtStatus.InvalidParameter;
        if (Smb2Read.UsesRdmaChannel(request.Channel, dialect)) return NtStatus.InvalidParameter;
        if (request.Offset == ulong.MaxValue) offset = WriteToEndOfFile;
        else if (request.Offset > long.MaxValue) return NtStatus.InvalidParameter;
        else offset = (long)request.Offset;
        return NtStatus.Success;
    }
}
