using Ntvfs;
using Protocol;
using Protocol.Fscc;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 QUERY_DIRECTORY (MS-SMB2 3.3.5.18): the backend enumerates the directory open and encodes
/// the entries (MS-FSCC 2.4); STATUS_NO_MORE_FILES (a warning) ends an enumeration with an error body.
/// </summary>
public static class Smb2QueryDirectory
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var conn = r.Connection;
        var message = r.Message;
        if (!Smb2QueryDirectoryRequest.TryParse(message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        if (request.OutputBufferLength > conn.MaxTransactSize) return NtStatus.InvalidParameter;
        var status = Smb2HandlerSupport.CheckCreditCharge(r, request.OutputBufferLength);
        if (status.IsError) return status;
        string pattern = Smb2HandlerSupport.DecodeUtf16(request.GetFileName(message));
        status = Validate(request.FileInformationClass, pattern);
        if (status.IsError) return status;
        status = Smb2HandlerSupport.FindOpen(r, request.FileId, out var open);
        if (status.IsError) return status;
        // MS-FSA 2.1.5.6: only a directory can be enumerated (Samba answers STATUS_NOT_SUPPORTED here).
        if (!open.Handle.IsDirectory) return NtStatus.InvalidParameter;

        var args = new NtvfsQueryDirectoryArgs((FileInformationClass)request.FileInformationClass, request.Flags,
            request.FileIndex, pattern, (int)request.OutputBufferLength);
        var sub = open.Tree.Ntvfs.Backend.QueryDirectorySend(Smb2HandlerSupport.NtvfsRequestFor(r), open.Handle, args);
        if (!await co.Yield(sub)) return NtStatus.Cancelled;
        status = NtvfsOp.Recv(sub, out NtvfsInfoResult info);
        if (status.IsError) return status;

        var data = Smb2HandlerSupport.DataOf(info);
        if (status != NtStatus.Success && data.IsEmpty) return r.Error(status);
        // Entries are chained by NextEntryOffset: cutting them would send a broken list.
        if (data.Length > request.OutputBufferLength) return NtStatus.InternalError;
        var response = r.ResponseMessage(Smb2Wire.BodyLength(Smb2QueryDirectoryResponse.StructureSize, data.Length));
        r.SetBody(new Smb2QueryDirectoryResponse(0, 0).Write(response, Smb2Request.BodyOffset, data));
        return status;
    }

    /// <summary>
    /// The information class must be one MS-SMB2 2.2.33 lists (else STATUS_INVALID_INFO_CLASS); the
    /// search pattern must name something within the directory: empty, or holding a path separator
    /// or a NUL, is STATUS_OBJECT_NAME_INVALID, as Samba answers.
    /// </summary>
    public static NtStatus Validate(byte infoClass, string pattern)
    {
        if (!IsDirectoryInfoClass((FileInformationClass)infoClass)) return NtStatus.InvalidInfoClass;
        if (pattern.Length == 0 || pattern.AsSpan().IndexOfAny('\\', '/', '\0') >= 0) return NtStatus.ObjectNameInvalid;
        return NtStatus.Success;
    }

    public static bool IsDirectoryInfoClass(FileInformationClass infoClass) => infoClass is
        FileInformationClass.FileDirectoryInformation or
        FileInformationClass.FileFullDirectoryInformation or
        FileInformationClass.FileBothDirectoryInformation or
        FileInformationClass.FileNamesInformation or
        FileInformationClass.FileIdBothDirectoryInformation or
        FileInformationClass.FileIdFullDirectoryInformation or
        FileInformationClass.FileIdExtdDirectoryInformation;
}
