using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Protocol;
using Protocol.Dcerpc;
using Protocol.Dcerpc.Srvsvc;
using Protocol.Dcerpc.Wkssvc;
using Protocol.Fscc;
using Protocol.Security;
using Protocol.Smb2;
using TEvent;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs.Ipc;

/// <summary>
/// The IPC$ backend: every open is an instance of a registered named pipe carrying DCE/RPC (srvsvc, wkssvc), served
/// by a <see cref="DcerpcPipe"/>. READ/WRITE and FSCTL_PIPE_TRANSCEIVE move PDUs, FSCTL_PIPE_PEEK and FSCTL_PIPE_WAIT
/// answer as a pipe file system does, QUERY_INFO/SET_INFO know the pipe classes. The bottom of a stack: what it does
/// not serve (directory queries, locks, change notify) answers STATUS_NOT_SUPPORTED from the base class, as Samba does
/// for IPC$. One instance may serve every loop; the state of each open lives in its <see cref="IpcPipeHandle"/>.
/// </summary>
public sealed partial class IpcBackend : NtvfsBackend
{
    /// <summary>
    /// What an open of a pipe may be granted: FILE_GENERIC_READ | FILE_GENERIC_WRITE (0x0012019F), what Windows
    /// clients ask when they open an RPC pipe (MS-SMB2 4.4) and what a pipe needs for READ, WRITE and the FSCTLs.
    /// </summary>
    public const AccessMask PipeMaximalAccess = AccessMask.FileGenericRead | AccessMask.FileGenericWrite;

    // Samba's answer to FileStandardInformation on a pipe (it answers no other class on IPC$; Windows clients ask
    // this one after every open and ask again if it fails): 4096 allocated, empty, one link, delete pending.
    private static readonly FileMetadata PipeStandardInformation = new()
    {
        AllocationSize = 4096,
        NumberOfLinks = 1,
        DeletePending = true,
    };

    // What CREATE reports for a pipe (MS-SMB2 2.2.14): FILE_ATTRIBUTE_NORMAL, no times, no size.
    private static readonly FileMetadata PipeMetadata = new() { FileAttributes = FileAttributes.Normal };

    private readonly IpcPipeRegistry _registry;
    private readonly DcerpcPipeOptions _pipeOptions;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, StrongBox<int>> _instances = new(StringComparer.Ordinal);

    /// <summary>
    /// IPC$ with the server's pipes, srvsvc and wkssvc (<see cref="IpcPipeRegistry.CreateDefault"/>): the share list
    /// and identities are read from <paramref name="shares"/> and <paramref name="workstation"/> at every call.
    /// </summary>
    public IpcBackend(ISrvsvcShareSource shares, IWkssvcSource workstation, DcerpcPipeOptions? pipeOptions = null, ILogger? logger = null)
        : this(IpcPipeRegistry.CreateDefault(shares, workstation), pipeOptions, logger)
    {
    }

    /// <summary>IPC$ serving the pipes of <paramref name="registry"/>.</summary>
    public IpcBackend(IpcPipeRegistry registry, DcerpcPipeOptions? pipeOptions = null, ILogger? logger = null)
        : base(next: null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _pipeOptions = pipeOptions ?? new DcerpcPipeOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    public override string Name => "ipc";

    /// <summary>
    /// Opens a new instance of the named pipe. The name is the pipe's (with or without "\PIPE\" or a leading
    /// backslash, any case); unknown names, the IPC$ root and anything path-like are STATUS_OBJECT_NAME_NOT_FOUND, as
    /// Samba answers. No oplocks on pipes; the create action is always FILE_OPENED.
    /// </summary>
    public override TeventReq CreateSend(NtvfsRequest r, NtvfsCreateArgs args)
    {
        if (!IpcPipeName.TryNormalize(args.Path, out _))
        {
            if (args.Path.Length > 0) LogRefusedPipeName(_logger, args.Path);
            return NtvfsOp.Post<NtvfsCreateResult>(r.Ev, NtStatus.ObjectNameNotFound);
        }
        if (!_registry.TryResolve(args.Path, out string pipeName, out var interfaces))
            return NtvfsOp.Post<NtvfsCreateResult>(r.Ev, NtStatus.ObjectNameNotFound);
        // MS-FSA 2.1.5.1.2.1: FILE_DIRECTORY_FILE on something that is not a directory.
        if ((args.CreateOptions & Smb2CreateOptions.DirectoryFile) != 0)
            return NtvfsOp.Post<NtvfsCreateResult>(r.Ev, NtStatus.NotADirectory);

        var pipe = new DcerpcPipe(pipeName, interfaces(), _pipeOptions);
        var handle = new IpcPipeHandle(r.Tree, args.Path.TrimStart('\\'), GrantedAccess(args.DesiredAccess), pipe, _pipeOptions.MaxPendingOutput);
        Interlocked.Increment(ref Instances(pipeName).Value);
        var result = new NtvfsCreateResult(handle, Smb2CreateAction.Opened, PipeMetadata, Smb2OplockLevel.None, (uint)PipeMaximalAccess);
        return NtvfsOp.Post(r.Ev, NtStatus.Success, result);
    }

    /// <summary>
    /// Ends the pipe instance. Reads still waiting on it fail with STATUS_PIPE_BROKEN (their callbacks run from here).
    /// No attributes even when asked: a pipe has none to report, and Samba leaves them out too.
    /// </summary>
    public override TeventReq CloseSend(NtvfsRequest r, NtvfsHandle h, bool postQueryAttributes)
    {
        if (!TryGetOpen(h, out var pipe)) return NtvfsOp.Post<NtvfsCloseResult>(r.Ev, NtStatus.FileClosed);
        pipe.IsClosed = true;
        pipe.Shutdown();
        Interlocked.Decrement(ref Instances(pipe.PipeName).Value);
        return NtvfsOp.Post(r.Ev, NtStatus.Success, new NtvfsCloseResult(false, default));
    }

    /// <summary>
    /// Takes waiting answers (the offset means nothing on a pipe). On an empty pipe the read waits until a write on
    /// this open produces an answer; SMB2 CANCEL ends it with STATUS_CANCELLED. See <see cref="IpcPipeHandle"/>.
    /// </summary>
    public override TeventReq ReadSend(NtvfsRequest r, NtvfsHandle h, NtvfsReadArgs args)
    {
        if (!TryGetOpen(h, out var pipe)) return NtvfsOp.Post<NtvfsReadResult>(r.Ev, NtStatus.FileClosed);
        // MS-SMB2 3.3.5.12: a read needs FILE_READ_DATA.
        if (!Granted(pipe, AccessMask.FileReadData)) return NtvfsOp.Post<NtvfsReadResult>(r.Ev, NtStatus.AccessDenied);
        return pipe.ReadSend(r.Ev, args.Buffer);
    }

    /// <summary>Feeds the pipe's server end; the answer is read with READ. The whole buffer is always taken.</summary>
    public override TeventReq WriteSend(NtvfsRequest r, NtvfsHandle h, NtvfsWriteArgs args)
    {
        if (!TryGetOpen(h, out var pipe)) return NtvfsOp.Post<NtvfsWriteResult>(r.Ev, NtStatus.FileClosed);
        // MS-SMB2 3.3.5.13: a write needs FILE_WRITE_DATA or FILE_APPEND_DATA; pipes take data only as a write.
        if (!Granted(pipe, AccessMask.FileWriteData)) return NtvfsOp.Post<NtvfsWriteResult>(r.Ev, NtStatus.AccessDenied);
        NtStatus status = pipe.Write(args.Data.Span);
        return NtvfsOp.Post(r.Ev, status, new NtvfsWriteResult(args.Data.Length));
    }

    /// <summary>Nothing is buffered on our side of the pipe: success, or STATUS_PIPE_DISCONNECTED once it broke.</summary>
    public override TeventReq FlushSend(NtvfsRequest r, NtvfsHandle h)
    {
        if (!TryGetOpen(h, out var pipe)) return NtvfsOp.Post<bool>(r.Ev, NtStatus.FileClosed);
        return NtvfsOp.Post(r.Ev, pipe.IsBroken ? NtStatus.PipeDisconnected : NtStatus.Success, true);
    }

    /// <summary>
    /// FileStandardInformation (Samba's values), FilePipeInformation and FilePipeLocalInformation (MS-FSCC 2.4.37).
    /// Other classes and the other info types: STATUS_NOT_SUPPORTED, Samba's answer for every other query on IPC$.
    /// </summary>
    public override TeventReq QueryInfoSend(NtvfsRequest r, NtvfsHandle h, NtvfsQueryInfoArgs args)
    {
        if (!TryGetOpen(h, out var pipe)) return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.FileClosed);
        if (args.InfoType != Smb2InfoType.File) return NotSupported<NtvfsInfoResult>(r);

        byte[] buffer;
        int written;
        NtStatus status;
        switch ((FileInformationClass)args.InfoClass)
        {
            case FileInformationClass.FileStandardInformation:
                buffer = new byte[FileStandardInformation.Size];
                status = FileStandardInformation.Write(PipeStandardInformation, buffer, out written);
                break;
            case FileInformationClass.FilePipeInformation:
                buffer = new byte[FilePipeInformation.Size];
                status = new FilePipeInformation(pipe.ReadMode, pipe.CompletionMode).Write(buffer, out written);
                break;
            case FileInformationClass.FilePipeLocalInformation:
                buffer = new byte[FilePipeLocalInformation.Size];
                uint instances = (uint)Math.Max(1, Volatile.Read(ref Instances(pipe.PipeName).Value));
                status = pipe.LocalInformation(instances).Write(buffer, out written);
                break;
            default:
                return NotSupported<NtvfsInfoResult>(r);
        }
        // MS-SMB2 3.3.5.20.1: a buffer too small for the fixed part of the class is STATUS_INFO_LENGTH_MISMATCH.
        if (args.OutputBufferLength < written) return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InfoLengthMismatch);
        return NtvfsOp.Post(r.Ev, status, new NtvfsInfoResult(buffer, written));
    }

    /// <summary>FilePipeInformation sets the read and completion modes; anything else is STATUS_NOT_SUPPORTED.</summary>
    public override TeventReq SetInfoSend(NtvfsRequest r, NtvfsHandle h, NtvfsSetInfoArgs args)
    {
        if (!TryGetOpen(h, out var pipe)) return NtvfsOp.Post<bool>(r.Ev, NtStatus.FileClosed);
        if (args.InfoType != Smb2InfoType.File || (FileInformationClass)args.InfoClass != FileInformationClass.FilePipeInformation)
            return NotSupported<bool>(r);
        if (!FilePipeInformation.TryParse(args.Buffer.Span, out var info, out NtStatus error))
            return NtvfsOp.Post<bool>(r.Ev, error);
        pipe.ReadMode = info.ReadMode;
        pipe.CompletionMode = info.CompletionMode;
        return NtvfsOp.Post(r.Ev, NtStatus.Success, true);
    }

    /// <summary>
    /// FSCTL_PIPE_TRANSCEIVE, FSCTL_PIPE_PEEK (on an open pipe) and FSCTL_PIPE_WAIT (on the tree, no open). Other
    /// FSCTLs: STATUS_INVALID_DEVICE_REQUEST, the NTVFS answer for an unknown FSCTL (Samba says
    /// STATUS_FS_DRIVER_REQUIRED on IPC$); IOCTLs that are not FSCTLs: STATUS_NOT_SUPPORTED (MS-SMB2 3.3.5.15).
    /// </summary>
    public override TeventReq IoctlSend(NtvfsRequest r, NtvfsHandle? h, NtvfsIoctlArgs args)
    {
        if (!args.IsFsctl) return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.NotSupported);
        if (args.MaxOutputResponse < 0) return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter);
        switch (args.CtlCode)
        {
            case PipeFsctl.Wait:
                return PipeWait(r, h, args);

            case PipeFsctl.Transceive:
            {
                if (!TryGetOpen(h, out var pipe)) return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.FileClosed);
                if (!Granted(pipe, AccessMask.FileReadData | AccessMask.FileWriteData))
                    return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.AccessDenied);
                return pipe.TransceiveSend(r.Ev, args.Input.Span, args.MaxOutputResponse);
            }

            case PipeFsctl.Peek:
            {
                if (!TryGetOpen(h, out var pipe)) return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.FileClosed);
                if (!Granted(pipe, AccessMask.FileReadData)) return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.AccessDenied);
                NtStatus status = pipe.Peek(args.MaxOutputResponse, out byte[] buffer, out int length);
                return NtvfsOp.Post(r.Ev, status, new NtvfsInfoResult(buffer, length));
            }

            default:
                return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidDeviceRequest);
        }
    }

    // FSCTL_PIPE_WAIT: every open makes a new instance, so a registered pipe is always available at once.
    private TeventReq PipeWait(NtvfsRequest r, NtvfsHandle? h, NtvfsIoctlArgs args)
    {
        // MS-SMB2 3.3.5.15: FSCTL_PIPE_WAIT names no open (FileId all 0xFF); one sent on an open is invalid.
        if (h is not null) return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter);
        if (!FsctlPipeWaitRequest.TryParse(args.Input.Span, out var request, out NtStatus error))
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, error);
        if (!_registry.TryResolve(request.Name, out _, out _))
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.ObjectNameNotFound);
        return NtvfsOp.Post(r.Ev, NtStatus.Success, new NtvfsInfoResult([], 0));
    }

    /// <summary>
    /// The desired access, generic rights mapped (MS-DTYP 2.4.3) and MAXIMUM_ALLOWED expanded, within what a pipe
    /// grants. Rights beyond it are left out rather than refused, as Samba opens pipes whatever access is asked.
    /// </summary>
    private static uint GrantedAccess(uint desiredAccess)
    {
        AccessMask desired = FileGenericMapping.Map((AccessMask)desiredAccess);
        if ((desired & AccessMask.MaximumAllowed) != 0) desired |= PipeMaximalAccess;
        return (uint)(desired & PipeMaximalAccess);
    }

    private static bool Granted(IpcPipeHandle pipe, AccessMask rights) => ((AccessMask)pipe.GrantedAccess & rights) == rights;

    private static bool TryGetOpen(NtvfsHandle? h, out IpcPipeHandle pipe)
    {
        pipe = (h as IpcPipeHandle)!;
        return pipe is { IsClosed: false };
    }

    private StrongBox<int> Instances(string pipeName) => _instances.GetOrAdd(pipeName, _ => new StrongBox<int>());

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refusing open on IPC$ of path-like pipe name {Name}")]
    private static partial void LogRefusedPipeName(ILogger logger, string name);
}
