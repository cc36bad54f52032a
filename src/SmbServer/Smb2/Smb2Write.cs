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
    /// <summary>
    /// The largest file size Windows allows (NTFS MAXFILESIZE, 16 TiB - 64 KiB): a write whose end
    /// would lie past it is STATUS_INVALID_PARAMETER, as smbtorture's smb2.rw.invalid records.
    /// </summary>
    public const long MaxFileSize = 0xFFFFFFF0000;

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
    /// outside the request was refused by the parser); so is an RDMA Channel on 3.x. An Offset no
    /// file position can hold (negative as a signed 64-bit value, MS-FSA 2.1.5.4) is invalid too,
    /// all ones included: over SMB2 Windows does not treat it as FILE_WRITE_TO_END_OF_FILE. A
    /// write of at least one byte must also end at or before <see cref="MaxFileSize"/>; an empty
    /// write anywhere below 2^63 succeeds and writes nothing.
    /// </summary>
    public static NtStatus Validate(in Smb2WriteRequest request, uint maxWriteSize, Smb2Dialect dialect, out long offset)
    {
        offset = 0;
        if (request.Length > maxWriteSize) return NtStatus.InvalidParameter;
        if (Smb2Read.UsesRdmaChannel(request.Channel, dialect)) return NtStatus.InvalidParameter;
        if (request.Offset > long.MaxValue) return NtStatus.InvalidParameter;
        if (request.Length > 0 && request.Offset + request.Length > MaxFileSize) return NtStatus.InvalidParameter;
        offset = (long)request.Offset;
        return NtStatus.Success;
    }
}
