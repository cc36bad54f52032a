using System.Buffers.Binary;
using Ntvfs;
using Protocol;
using Protocol.Fscc;
using Protocol.Smb2;
using TEvent.Coroutines;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 CREATE (MS-SMB2 3.3.5.9): checks the request and its create contexts, opens through the
/// tree's backend, registers the open under a new FileId and answers with the file's metadata and
/// the response contexts asked for (maximal access, on-disk id).
/// </summary>
/// <remarks>
/// Oplocks (MS-SMB2 3.3.5.9, 3.3.4.6): the requested level goes to the backend, which grants one
/// and may first have to break another open's oplock; the CREATE then waits (interim STATUS_PENDING
/// when it is the last of its compound) until the holder acknowledges or closes, or the break times
/// out. Breaks of the oplock this open gets reach <see cref="Smb2OplockBreak.SendNotification"/>.
/// Deliberate limits, each answered the way Samba answers a server without the feature:
/// no leases are granted (a lease request gets oplock level NONE: SMB2_GLOBAL_CAP_LEASING is
/// not offered); durable handle requests (DHnQ, DH2Q) are accepted and not granted, so no response
/// context; durable reconnects (DHnC, DH2C) find nothing to reconnect (STATUS_OBJECT_NAME_NOT_FOUND,
/// 3.3.5.9.7 / 3.3.5.9.12); previous versions (TWrp) do not exist (STATUS_OBJECT_NAME_NOT_FOUND);
/// extended attributes in ExtA are set on a file the create makes or overwrites (as Samba with its
/// default "ea support = yes"); a security descriptor (SecD) is checked for shape and not applied:
/// the file gets the share's create mask, as with Samba's "nt acl support = no".
/// </remarks>
public static class Smb2Create
{
    /// <summary>MS-DTYP 2.4.3: ACCESS_MASK bits that name no right (9-15, 21-23, 26-27).</summary>
    public const uint ReservedAccessMask = 0x0CE0FE00;

    public const uint Delete = 0x00010000;
    public const uint MaximumAllowed = 0x02000000;
    public const uint GenericAll = 0x10000000;

    /// <summary>CreateOptions Windows refuses with STATUS_INVALID_PARAMETER (the high byte, reserved).</summary>
    public const Smb2CreateOptions InvalidOptions = (Smb2CreateOptions)0xFF000000;

    /// <summary>
    /// CreateOptions Windows refuses with STATUS_NOT_SUPPORTED: 0x80 (FILE_CREATE_TREE_CONNECTION),
    /// FILE_OPEN_BY_FILE_ID and FILE_RESERVE_OPFILTER (MS-SMB2 2.2.13), as smbtorture's
    /// smb2.create.gentest records them.
    /// </summary>
    public const Smb2CreateOptions NotSupportedOptions = (Smb2CreateOptions)0x00102080;

    /// <summary>The create contexts of a request that change what this server does or answers.</summary>
    public record struct ContextRequests(bool QueryMaximalAccess, bool QueryOnDiskId, long AllocationSize,
        IReadOnlyList<FileFullEaInformation>? Eas = null);

    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var conn = r.Connection;
        var session = r.Session!;
        var tree = r.Tree!;
        var message = r.Message;
        if (!Smb2CreateRequest.TryParse(message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        var status = Validate(request);
        if (status.IsError) return status;

        string name = Smb2HandlerSupport.DecodeUtf16(request.GetName(message));
        status = ValidateName(name, tree.IsIpc);
        if (status.IsError) return status;
        if (tree.IsIpc && name.StartsWith('\\')) name = name[1..];

        status = ReadContexts(message, request, conn.Dialect, tree.IsIpc, out var contexts);
        // An EA list that fails validation is a warning-class status (STATUS_INVALID_EA_NAME,
        // STATUS_EA_LIST_INCONSISTENT) that fails the create all the same.
        if (!status.IsSuccess) return status;

        // smb.conf "max open files": Samba answers NT_STATUS_TOO_MANY_OPENED_FILES (MS-SMB2 names no status).
        if (CountOpens(conn, session) >= conn.Server.Limits.MaxOpensPerSession) return NtStatus.TooManyOpenedFiles;

        var args = new NtvfsCreateArgs(
            Path: name,
            DesiredAccess: request.DesiredAccess,
            FileAttributes: (FileAttributes)request.FileAttributes,
            ShareAccess: request.ShareAccess,
            CreateDisposition: request.CreateDisposition,
            CreateOptions: request.CreateOptions,
            // MS-SMB2 3.3.5.9: a lease request without leasing support is served as no oplock.
            RequestedOplockLevel: RequestedOplock(request.RequestedOplockLevel, tree.IsIpc),
            AllocationSize: contexts.AllocationSize,
            Eas: contexts.Eas);
        // MS-SMB2 3.3.4.2: a CREATE that waits for an oplock break answers STATUS_PENDING first, when it
        // may (only the last request of a compound goes async; an earlier one just waits).
        var ntreq = Smb2HandlerSupport.NtvfsRequestFor(r, mayGoAsync: true) with
        {
            GoingAsync = () => { if (r.IsLastInCompound && !conn.IsClosed) r.GoAsync(); },
        };
        var sub = tree.Ntvfs.Backend.CreateSend(ntreq, args);
        if (!await co.Yield(sub))
        {
            // Nobody will register what the backend may still open: close it when it arrives.
            Smb2HandlerSupport.Abandon<NtvfsCreateResult>(sub, (late, result) => { if (!late.IsError) CloseOrphan(ntreq, result.Handle); });
            return NtStatus.Cancelled;
        }
        status = NtvfsOp.Recv(sub, out NtvfsCreateResult created);
        // A warning also ends a create without a handle (STATUS_INVALID_EA_NAME for an EA the server keeps for itself).
        if (!status.IsSuccess) return status;
        if (conn.IsClosed || !session.IsValid || !session.Trees.ContainsKey(tree.TreeId))
        {
            CloseOrphan(ntreq, created.Handle);
            return NtStatus.NetworkNameDeleted;
        }

        ulong volatileId = conn.AllocateVolatileId();
        var open = new Smb2Open(volatileId, session, tree, created.Handle);
        conn.Opens[volatileId] = open;
        conn.Server.OpenOpened();
        if (created.OplockLevel != Smb2OplockLevel.None)
            created.Handle.SetOplockBreakHandler((_, level) => Smb2OplockBreak.SendNotification(conn, open, level));
        var fileId = Smb2HandlerSupport.FileIdOf(open);
        r.FileIdForNext = fileId;
        WriteResponse(r, request, contexts, created, fileId);
        return NtStatus.Success;
    }

    /// <summary>
    /// The oplock level asked of the backend: none on IPC$ and for a lease request (no leasing), else
    /// the requested SMB2_OPLOCK_LEVEL_II, EXCLUSIVE or BATCH; any other value is none.
    /// </summary>
    public static Smb2OplockLevel RequestedOplock(Smb2OplockLevel requested, bool isIpc)
        => !isIpc && requested is Smb2OplockLevel.II or Smb2OplockLevel.Exclusive or Smb2OplockLevel.Batch
            ? requested : Smb2OplockLevel.None;

    /// <summary>The fixed fields of the request (MS-SMB2 2.2.13, 3.3.5.9), before anything is opened.</summary>
    public static NtStatus Validate(in Smb2CreateRequest request)
    {
        // MS-SMB2 2.2.13: the server MUST validate ImpersonationLevel; Samba answers BAD_IMPERSONATION_LEVEL.
        if ((uint)request.ImpersonationLevel > (uint)Smb2ImpersonationLevel.Delegate) return NtStatus.BadImpersonationLevel;
        if ((uint)request.CreateDisposition > (uint)Smb2CreateDisposition.OverwriteIf) return NtStatus.InvalidParameter;
        if ((request.CreateOptions & InvalidOptions) != 0) return NtStatus.InvalidParameter;
        if ((request.CreateOptions & NotSupportedOptions) != 0) return NtStatus.NotSupported;
        if (((uint)request.ShareAccess & ~7u) != 0) return NtStatus.InvalidParameter;
        if ((request.DesiredAccess & ReservedAccessMask) != 0) return NtStatus.AccessDenied;
        // MS-FSA 2.1.5.1: delete-on-close needs DELETE access. Windows and Samba (bug 13358) answer
        // STATUS_INVALID_PARAMETER; GENERIC_ALL and MAXIMUM_ALLOWED may grant DELETE, so they pass here.
        if ((request.CreateOptions & Smb2CreateOptions.DeleteOnClose) != 0
            && (request.DesiredAccess & (Delete | GenericAll | MaximumAllowed)) == 0)
            return NtStatus.InvalidParameter;
        return NtStatus.Success;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.9: a name that starts with a path separator fails with STATUS_INVALID_PARAMETER
    /// ('/' too, as Samba checks). Pipe names on IPC$ are the backend's to judge (one leading '\' is
    /// dropped there). A NUL inside the name is STATUS_OBJECT_NAME_INVALID, as in Samba.
    /// </summary>
    public static NtStatus ValidateName(string name, bool isIpc)
    {
        if (name.Contains('\0')) return NtStatus.ObjectNameInvalid;
        if (!isIpc && name.Length > 0 && (name[0] == '\\' || name[0] == '/')) return NtStatus.InvalidParameter;
        return NtStatus.Success;
    }

    /// <summary>
    /// Reads the create contexts this server acts on (MS-SMB2 2.2.13.2, 3.3.5.9.x); the first of
    /// each name counts, unknown names are ignored. On IPC$ only durable reconnects matter.
    /// </summary>
    public static NtStatus ReadContexts(ReadOnlySpan<byte> message, in Smb2CreateRequest request, Smb2Dialect dialect, bool isIpc,
        out ContextRequests contexts)
    {
        contexts = default;
        bool dhnq = false, dhnc = false, dh2q = false, dh2c = false, twrp = false, mxac = false, qfid = false, alsi = false;
        bool v2 = dialect >= Smb2Dialect.Smb300 && dialect != Smb2Dialect.Smb2Wildcard;
        foreach (var context in request.GetCreateContexts(message))
        {
            var data = context.GetData(message);
            if (context.NameIs(message, Smb2CreateContextNames.DurableHandleReconnect))
            {
                if (data.Length != 16) return NtStatus.InvalidParameter;
                dhnc = true;
            }
            else if (v2 && context.NameIs(message, Smb2CreateContextNames.DurableHandleReconnectV2))
            {
                if (data.Length != 36) return NtStatus.InvalidParameter;
                dh2c = true;
            }
            else if (isIpc)
            {
                continue;
            }
            else if (context.NameIs(message, Smb2CreateContextNames.DurableHandleRequest))
            {
                // 2.2.13.2.3: 16 reserved bytes. Accepted and not granted (no DHnQ response context).
                if (data.Length != 16) return NtStatus.InvalidParameter;
                dhnq = true;
            }
            else if (v2 && context.NameIs(message, Smb2CreateContextNames.DurableHandleRequestV2))
            {
                if (data.Length != 32) return NtStatus.InvalidParameter;
                dh2q = true;
            }
            else if (context.NameIs(message, Smb2CreateContextNames.EaBuffer))
            {
                // 2.2.13.2.1: a FILE_FULL_EA_INFORMATION list, validated whole before anything is
                // created (MS-FSA 2.1.5.1); applied to a file this create makes or overwrites.
                if (contexts.Eas is null && !isIpc && data.Length != 0)
                {
                    if (!FileFullEaInformation.TryParseList(data, out var eas, out var eaError, out _)) return eaError;
                    contexts.Eas = eas;
                }
            }
            else if (context.NameIs(message, Smb2CreateContextNames.SdBuffer))
            {
                // MS-DTYP 2.4.6: a self-relative SECURITY_DESCRIPTOR is at least 20 bytes, Revision 1.
                if (data.Length < 20 || data[0] != 1) return NtStatus.InvalidParameter;
            }
            else if (context.NameIs(message, Smb2CreateContextNames.AllocationSize))
            {
                if (data.Length != 8) return NtStatus.InvalidParameter;
                ulong size = BinaryPrimitives.ReadUInt64LittleEndian(data);
                if (size > long.MaxValue) return NtStatus.InvalidParameter;
                if (!alsi) contexts.AllocationSize = (long)size;
                alsi = true;
            }
            else if (context.NameIs(message, Smb2CreateContextNames.QueryMaximalAccessRequest))
            {
                // 2.2.13.2.5: empty, or an 8-byte Timestamp.
                if (data.Length != 0 && data.Length != 8) return NtStatus.InvalidParameter;
                mxac = true;
            }
            else if (context.NameIs(message, Smb2CreateContextNames.TimewarpToken))
            {
                if (data.Length != 8) return NtStatus.InvalidParameter;
                twrp = true;
            }
            else if (context.NameIs(message, Smb2CreateContextNames.QueryOnDiskId))
            {
                if (data.Length != 0) return NtStatus.InvalidParameter;
                qfid = true;
            }
        }
        // MS-SMB2 3.3.5.9.7, 3.3.5.9.10, 3.3.5.9.12: a v1 and a v2 durable context together are invalid.
        if ((dhnq || dhnc) && (dh2q || dh2c)) return NtStatus.InvalidParameter;
        if (dhnc || dh2c) return NtStatus.ObjectNameNotFound;
        if (twrp) return NtStatus.ObjectNameNotFound;
        contexts.QueryMaximalAccess = mxac;
        contexts.QueryOnDiskId = qfid;
        return NtStatus.Success;
    }

    /// <summary>Bytes the response contexts can take at most (MxAc and QFid).</summary>
    public static int MaxResponseContextsLength
        => Smb2Wire.Align8(Smb2CreateContextWriter.GetSize(4, 8)) + Smb2CreateContextWriter.GetSize(4, 32);

    /// <summary>
    /// Builds the response contexts asked for: SMB2_CREATE_QUERY_MAXIMAL_ACCESS_RESPONSE (2.2.14.2.5:
    /// QueryStatus, MaximalAccess) and SMB2_CREATE_QUERY_ON_DISK_ID (2.2.14.2.9: DiskFileId, VolumeId,
    /// 16 reserved bytes). <paramref name="destination"/> must start 8-byte aligned in the message.
    /// Returns the CreateContextsLength.
    /// </summary>
    public static int WriteResponseContexts(Span<byte> destination, in ContextRequests contexts, uint maximalAccess, ulong diskFileId, ulong volumeId)
    {
        var writer = new Smb2CreateContextWriter(destination);
        if (contexts.QueryMaximalAccess)
        {
            var data = writer.Add(Smb2CreateContextNames.QueryMaximalAccessRequest, 8);
            BinaryPrimitives.WriteUInt32LittleEndian(data, NtStatus.Success.Value);
            BinaryPrimitives.WriteUInt32LittleEndian(data[4..], maximalAccess);
        }
        if (contexts.QueryOnDiskId)
        {
            var data = writer.Add(Smb2CreateContextNames.QueryOnDiskId, 32);
            data.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(data, diskFileId);
            BinaryPrimitives.WriteUInt64LittleEndian(data[8..], volumeId);
        }
        return writer.Length;
    }

    /// <summary>
    /// The VolumeId of the on-disk id: the NTVFS contract carries no volume identity yet, so the
    /// share's path stands for it (FNV-1a 64, the same on every run, different per share).
    /// </summary>
    public static ulong VolumeIdOf(string sharePath)
    {
        ulong hash = 0xCBF29CE484222325;
        foreach (char c in sharePath)
        {
            hash = (hash ^ (byte)c) * 0x100000001B3;
            hash = (hash ^ (byte)(c >> 8)) * 0x100000001B3;
        }
        return hash;
    }

    /// <summary>FILE_SUPERSEDE that replaced an existing file reports FILE_SUPERSEDED (MS-SMB2 2.2.14).</summary>
    public static Smb2CreateAction ResponseAction(Smb2CreateDisposition disposition, Smb2CreateAction action)
        => disposition == Smb2CreateDisposition.Supersede && action == Smb2CreateAction.Overwritten ? Smb2CreateAction.Superseded : action;

    private static void WriteResponse(Smb2Request r, in Smb2CreateRequest request, in ContextRequests contexts, in NtvfsCreateResult created, Smb2FileId fileId)
    {
        var tree = r.Tree!;
        var metadata = created.Metadata;
        var message = r.ResponseMessage(Smb2Wire.BodyLength(Smb2CreateResponse.StructureSize, MaxResponseContextsLength));
        int contextsStart = Smb2CreateResponse.CreateContextsStart(Smb2Request.BodyOffset);
        // Maximal access is never more than the share allows, and never less than what was granted.
        uint maximalAccess = (created.MaximalAccess | created.Handle.GrantedAccess) & tree.MaximalAccess;
        int contextsLength = WriteResponseContexts(message[contextsStart..], contexts, maximalAccess,
            metadata.IndexNumber, VolumeIdOf(tree.Share.Path));
        var response = new Smb2CreateResponse(
            OplockLevel: created.OplockLevel,
            Flags: Smb2CreateResponseFlags.None,
            CreateAction: ResponseAction(request.CreateDisposition, created.CreateAction),
            CreationTime: metadata.CreationTime,
            LastAccessTime: metadata.LastAccessTime,
            LastWriteTime: metadata.LastWriteTime,
            ChangeTime: metadata.ChangeTime,
            AllocationSize: metadata.AllocationSize,
            EndOfFile: metadata.EndOfFile,
            FileAttributes: (uint)metadata.EffectiveAttributes,
            FileId: fileId,
            CreateContextsOffset: 0,
            CreateContextsLength: 0);
        r.SetBody(response.WriteFixedPart(message, Smb2Request.BodyOffset, contextsLength));
    }

    private static int CountOpens(Smb2Connection conn, Smb2Session session)
    {
        int limit = conn.Server.Limits.MaxOpensPerSession;
        if (conn.Opens.Count < limit) return conn.Opens.Count;
        int count = 0;
        foreach (var open in conn.Opens.Values)
            if (ReferenceEquals(open.Session, session)) count++;
        return count;
    }

    /// <summary>A handle the backend opened that no FileId will ever name: closed at once, result ignored.</summary>
    private static void CloseOrphan(NtvfsRequest ntreq, NtvfsHandle handle)
        => ntreq.Tree.Backend.CloseSend(ntreq with { MayGoAsync = false }, handle, false)
            .SetCallback(static req => NtvfsOp.Recv(req, out NtvfsCloseResult _));
}
