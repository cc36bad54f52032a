using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 READ (MS-SMB2 3.3.5.12). Access to the data (FILE_READ_DATA, byte-range locks) is the
/// backend's to check on its handle. A read of a named pipe may wait for data: it goes async.
/// </summary>
public static class Smb2Read
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var conn = r.Connection;
        if (!Smb2ReadRequest.TryParse(r.Message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        var status = Validate(request, conn.MaxReadSize, conn.Dialect);
        if (status.IsError) return status;
        status = Smb2HandlerSupport.CheckCreditCharge(r, Math.Max(request.Length, request.ReadChannelInfoLength));
        if (status.IsError) return status;
        status = Smb2HandlerSupport.FindOpen(r, request.FileId, out var open);
        if (status.IsError) return status;

        // The data is read straight into the response, at its place after the 16-byte body
        // (MS-SMB2 2.2.20: DataOffset 0x50; DataRemaining is 0 off RDMA): no copy on the loop.
        int length = (int)request.Length;
        var data = r.ResponseMessageMemory(Smb2Wire.BodyLength(Smb2ReadResponse.StructureSize, length))
            .Slice(Smb2ReadResponse.DataStart(Smb2Request.BodyOffset), length);
        // The backend may fill that memory until its request completes (NtvfsReadArgs), so this
        // handler must never stop waiting for it: CANCEL and teardown go to the read itself. A pipe
        // read waiting for data then ends with STATUS_CANCELLED; a pread in progress finishes.
        co.Req.SetCancelFn(null);
        if (co.IsCancelled) return NtStatus.Cancelled;
        bool isPipe = open.Tree.IsIpc;
        var args = new NtvfsReadArgs((long)request.Offset, data, (int)Math.Min(request.MinimumCount, int.MaxValue));
        var sub = open.Tree.Ntvfs.Backend.ReadSend(Smb2HandlerSupport.NtvfsRequestFor(r, mayGoAsync: isPipe), open.Handle, args);
        co.Req.SetCancelFn(_ => sub.IsInProgress && sub.Cancel());
        bool mayWait = !isPipe || Smb2HandlerSupport.GoAsyncIfWaiting(r, sub);
        await co.Yield(sub); // never false: the cancel function is the read's own, so this resumes on its completion
        status = NtvfsOp.Recv(sub, out NtvfsReadResult read);
        if (!mayWait) status = Smb2HandlerSupport.AsyncRefusedStatus(status);
        if (status.IsError) return status;

        int count = Math.Clamp(read.Count, 0, length);
        status = CompletionStatus(status, count, request.Length, request.MinimumCount);
        if (status.IsError) return status;

        // No larger than the memory above: the same buffer, the data stays where it was read.
        var message = r.ResponseMessage(Smb2Wire.BodyLength(Smb2ReadResponse.StructureSize, count));
        r.SetBody(new Smb2ReadResponse(0, 0, 0, 0).WriteFixedPart(message, Smb2Request.BodyOffset, count));
        return status;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.12: Length above Connection.MaxReadSize is STATUS_INVALID_PARAMETER; so is an
    /// Offset a file position cannot hold (MS-FSA 2.1.5.2: negative ByteOffset), a range whose end
    /// would be past 2^63 - 1 (an empty read at 2^63 - 1 is fine, as on Windows), and an RDMA Channel
    /// on a 3.x connection (no RDMA transport). On 2.x dialects Channel is reserved and ignored.
    /// </summary>
    public static NtStatus Validate(in Smb2ReadRequest request, uint maxReadSize, Smb2Dialect dialect)
    {
        if (request.Length > maxReadSize) return NtStatus.InvalidParameter;
        if (request.Offset > long.MaxValue) return NtStatus.InvalidParameter;
        if (request.Offset + request.Length > long.MaxValue) return NtStatus.InvalidParameter;
        if (UsesRdmaChannel(request.Channel, dialect)) return NtStatus.InvalidParameter;
        return NtStatus.Success;
    }

    /// <summary>An RDMA Channel on a dialect that defines it (3.x); this server has no RDMA transport.</summary>
    public static bool UsesRdmaChannel(Smb2Channel channel, Smb2Dialect dialect)
        => channel != Smb2Channel.None && dialect >= Smb2Dialect.Smb300 && dialect != Smb2Dialect.Smb2Wildcard;

    /// <summary>
    /// MS-SMB2 3.3.5.12: fewer bytes than MinimumCount is STATUS_END_OF_FILE; so is reading nothing
    /// when something was asked for (at or past the end of the file), as Windows and Samba answer.
    /// Otherwise the backend's status stands (STATUS_BUFFER_OVERFLOW: a pipe message did not fit).
    /// </summary>
    public static NtStatus CompletionStatus(NtStatus backendStatus, int count, uint length, uint minimumCount)
    {
        if ((uint)count < minimumCount) return NtStatus.EndOfFile;
        if (count == 0 && length != 0) return NtStatus.EndOfFile;
        return backendStatus;
    }
}
