using System.Buffers.Binary;
using Ntvfs;
using Protocol;
using Protocol.Fscc;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 QUERY_INFO (MS-SMB2 3.3.5.20): file, file system, security and quota information, encoded
/// by the backend (MS-FSCC 2.4, 2.5; MS-DTYP 2.4.6) and copied into the response.
/// </summary>
/// <remarks>
/// Contract with the backend for STATUS_BUFFER_TOO_SMALL: the result's Length is the size the
/// information needs; it goes back to the client as the 4-byte ErrorData (MS-SMB2 2.2.2).
/// </remarks>
public static class Smb2QueryInfo
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var conn = r.Connection;
        var message = r.Message;
        if (!Smb2QueryInfoRequest.TryParse(message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        var status = Validate(request, conn.MaxTransactSize, conn.Dialect);
        if (status.IsError) return status;
        status = Smb2HandlerSupport.CheckCreditCharge(r, Math.Max(request.InputBufferLength, request.OutputBufferLength));
        if (status.IsError) return status;
        status = Smb2HandlerSupport.FindOpen(r, request.FileId, out var open);
        if (status.IsError) return status;

        var args = new NtvfsQueryInfoArgs(request.InfoType, request.FileInfoClass, (int)request.OutputBufferLength,
            request.AdditionalInformation, Smb2HandlerSupport.CopyOf(request.GetInputBuffer(message)));
        var sub = open.Tree.Ntvfs.Backend.QueryInfoSend(Smb2HandlerSupport.NtvfsRequestFor(r), open.Handle, args);
        if (!await co.Yield(sub)) return NtStatus.Cancelled;
        status = NtvfsOp.Recv(sub, out NtvfsInfoResult info);
        if (status == NtStatus.BufferTooSmall && info.Length > 0) return BufferTooSmall(r, info.Length);
        if (status.IsError) return status;

        var data = Smb2HandlerSupport.DataOf(info);
        if (data.Length > request.OutputBufferLength)
        {
            // The backend must fit OutputBufferLength; if it did not, the client gets what fits.
            data = data[..(int)request.OutputBufferLength];
            status = NtStatus.BufferOverflow;
        }
        var response = r.ResponseMessage(Smb2Wire.BodyLength(Smb2QueryInfoResponse.StructureSize, data.Length));
        r.SetBody(new Smb2QueryInfoResponse(0, 0).Write(response, Smb2Request.BodyOffset, data));
        // STATUS_BUFFER_OVERFLOW (a truncated variable-length structure) keeps its data (MS-SMB2 3.3.4.4).
        return status;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.20: an InfoType outside SMB2_0_INFO_FILE .. SMB2_0_INFO_QUOTA, or an input or
    /// output buffer larger than Connection.MaxTransactSize, is STATUS_INVALID_PARAMETER.
    /// </summary>
    public static NtStatus Validate(in Smb2QueryInfoRequest request, uint maxTransactSize)
    {
        if (!IsInfoType(request.InfoType)) return NtStatus.InvalidParameter;
        if (request.OutputBufferLength > maxTransactSize || request.InputBufferLength > maxTransactSize) return NtStatus.InvalidParameter;
        return NtStatus.Success;
    }

    /// <summary>
    /// <see cref="Validate(in Smb2QueryInfoRequest, uint)"/> and the classes MS-SMB2 3.3.5.20.1 ties to
    /// the dialect: FileNormalizedNameInformation only from 3.1.1 (STATUS_NOT_SUPPORTED on 2.0.2, 2.1,
    /// 3.0 and 3.0.2), FileIdInformation only from a server that implements the 3.x family.
    /// </summary>
    public static NtStatus Validate(in Smb2QueryInfoRequest request, uint maxTransactSize, Smb2Dialect dialect)
    {
        var status = Validate(request, maxTransactSize);
        if (status.IsError || request.InfoType != Smb2InfoType.File) return status;
        if (request.FileInfoClass == (byte)FileInformationClass.FileNormalizedNameInformation && dialect < Smb2Dialect.Smb311)
            return NtStatus.NotSupported;
        if (request.FileInfoClass == (byte)FileInformationClass.FileIdInformation && !ImplementsSmb3)
            return NtStatus.NotSupported;
        return NtStatus.Success;
    }

    private static bool ImplementsSmb3 => Array.Exists(Smb2Negotiate.Implemented, d => d >= Smb2Dialect.Smb300 && d != Smb2Dialect.Smb2Wildcard);

    /// <summary>MS-SMB2 2.2.2: the ErrorData of STATUS_BUFFER_TOO_SMALL is the required length, 4 bytes.</summary>
    public static NtStatus BufferTooSmall(Smb2Request r, int requiredLength)
    {
        Span<byte> required = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(required, (uint)requiredLength);
        return r.Error(NtStatus.BufferTooSmall, required);
    }

    public static bool IsInfoType(Smb2InfoType type) => type is >= Smb2InfoType.File and <= Smb2InfoType.Quota;
}
