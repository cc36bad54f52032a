using System.Collections.Concurrent;
using Protocol.Fsctl;
using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Security;
using TEvent;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    /// <summary>MS-SMB2 3.3.1.5 ServerSideCopyMaxNumberofChunks (Windows' default).</summary>
    public const int CopyChunkMaxChunks = 256;

    /// <summary>MS-SMB2 3.3.1.5 ServerSideCopyMaxChunkSize: 1 MiB.</summary>
    public const int CopyChunkMaxChunkSize = 1024 * 1024;

    /// <summary>MS-SMB2 3.3.1.5 ServerSideCopyMaxDataSize: 16 MiB.</summary>
    public const int CopyChunkMaxDataSize = 16 * 1024 * 1024;

    /// <summary>The opens that handed out a resume key, process-wide (a copy may read from another connection's open).</summary>
    private static readonly ConcurrentDictionary<ResumeKey, PosixHandle> ResumeKeys = new();

    /// <summary>
    /// IOCTL/FSCTL (MS-SMB2 3.3.5.15): previous versions (none), resume keys and server-side copy,
    /// object ids (derived from the file's identity), reparse points (none). Any other FSCTL is STATUS_INVALID_DEVICE_REQUEST, a non-FSCTL IOCTL
    /// STATUS_NOT_SUPPORTED. VALIDATE_NEGOTIATE_INFO, QUERY_NETWORK_INTERFACE_INFO and
    /// PIPE_TRANSCEIVE are the SMB layer's and the IPC backend's.
    /// </summary>
    public override TeventReq IoctlSend(NtvfsRequest r, NtvfsHandle? h, NtvfsIoctlArgs args)
    {
        if (!args.IsFsctl)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.NotSupported);
        if (h is null)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidDeviceRequest);
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, status);
        switch (args.CtlCode)
        {
            case FsctlCode.SrvEnumerateSnapshots:
                // MS-SMB2 3.3.5.15.1: no previous versions; under 16 bytes of output is STATUS_INVALID_PARAMETER.
                if (args.MaxOutputResponse < SrvSnapshotArray.EmptySize)
                    return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter);
                byte[] snapshots = SrvSnapshotArray.BuildEmpty();
                return NtvfsOp.Post(r.Ev, NtStatus.Success, new NtvfsInfoResult(snapshots, snapshots.Length));
            case FsctlCode.SrvRequestResumeKey:
                return RequestResumeKey(r, handle, args);
            case FsctlCode.SrvCopychunk:
            case FsctlCode.SrvCopychunkWrite:
                return CopyChunk(r, handle, args);
            case FsctlCode.CreateOrGetObjectId:
            case FsctlCode.GetObjectId:
                return ObjectId(r, handle, args);
            case FsctlCode.GetReparsePoint:
                // MS-FSA 2.1.5.10.12: nothing we serve is a reparse point.
                return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.NotAReparsePoint);
            default:
                return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidDeviceRequest);
        }
    }

    /// <summary>
    /// MS-FSCC 2.3.7 / 2.3.27: the file's object id. Nothing is stored: the id is derived from the
    /// file's device and inode (stable for the file's life, as an NTFS object id is), the birth ids
    /// are the same id on this volume, and the domain id is zero. Under 64 bytes of output is
    /// STATUS_BUFFER_TOO_SMALL (MS-FSA 2.1.5.10.5).
    /// </summary>
    private static TeventReq ObjectId(NtvfsRequest r, PosixHandle handle, NtvfsIoctlArgs args)
    {
        if (args.MaxOutputResponse < FileObjectIdBuffer.Size)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.BufferTooSmall);
        Guid id = FileObjectIdBuffer.FromFileIdentity(handle.FileId.Device, handle.FileId.Inode);
        byte[] output = new byte[FileObjectIdBuffer.Size];
        new FileObjectIdBuffer(id, VolumeObjectId(handle.Share), id, Guid.Empty).Write(output);
        return NtvfsOp.Post(r.Ev, NtStatus.Success, new NtvfsInfoResult(output, output.Length));
    }

    /// <summary>MS-SMB2 3.3.5.15.3: a key for the open, the same one on every request.</summary>
    private static TeventReq RequestResumeKey(NtvfsRequest r, PosixHandle handle, NtvfsIoctlArgs args)
    {
        if (args.MaxOutputResponse < SrvRequestResumeKey.Size)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter);
        if (handle.ResumeKey is not { } key)
        {
            do key = ResumeKey.NewRandom();
            while (!ResumeKeys.TryAdd(key, handle));
            handle.ResumeKey = key;
        }
        byte[] output = SrvRequestResumeKey.Build(key);
        return NtvfsOp.Post(r.Ev, NtStatus.Success, new NtvfsInfoResult(output, output.Length));
    }

    private static void ForgetResumeKey(PosixHandle handle)
    {
        if (handle.ResumeKey is { } key)
            ResumeKeys.TryRemove(key, out _);
        handle.ResumeKey = null;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.15.6 server-side copy: the source open is found by its key
    /// (STATUS_OBJECT_NAME_NOT_FOUND otherwise); a request beyond the limits is
    /// STATUS_INVALID_PARAMETER with the limits in the response; chunks are copied in order with
    /// copy_file_range in a thread job, and a failure reports how far the copy got
    /// (MS-SMB2 3.3.5.15.6.1). A chunk reaching past the source's end is STATUS_INVALID_VIEW_SIZE,
    /// as Windows and Samba answer.
    /// </summary>
    private TeventReq CopyChunk(NtvfsRequest r, PosixHandle target, NtvfsIoctlArgs args)
    {
        ReadOnlySpan<byte> input = args.Input.Span;
        var limits = new SrvCopychunkResponse(CopyChunkMaxChunks, CopyChunkMaxChunkSize, CopyChunkMaxDataSize);
        byte[] limitsBytes = limits.ToArray();
        var limitsResult = new NtvfsInfoResult(limitsBytes, limitsBytes.Length);

        if (!SrvCopychunkCopy.TryReadSourceKey(input, out ResumeKey key))
            return NtvfsOp.Post(r.Ev, NtStatus.InvalidParameter, limitsResult);
        if (!ResumeKeys.TryGetValue(key, out PosixHandle? source) || source.IsClosed)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.ObjectNameNotFound);
        if (args.MaxOutputResponse < SrvCopychunkResponse.Size)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter);
        if (!SrvCopychunkCopy.TryParse(input, CopyChunkMaxChunks, out SrvCopychunkCopy? copy))
            return NtvfsOp.Post(r.Ev, NtStatus.InvalidParameter, limitsResult);
        long total = 0;
        foreach (SrvCopychunk c in copy!.Chunks)
        {
            if (c.Length == 0 || c.Length > CopyChunkMaxChunkSize)
                return NtvfsOp.Post(r.Ev, NtStatus.InvalidParameter, limitsResult);
            total += c.Length;
        }
        if (total > CopyChunkMaxDataSize)
            return NtvfsOp.Post(r.Ev, NtStatus.InvalidParameter, limitsResult);

        // MS-SMB2 3.3.5.15.6: the target needs FILE_WRITE_DATA, and FILE_READ_DATA too for
        // FSCTL_SRV_COPYCHUNK; the source needs FILE_READ_DATA.
        bool needsRead = args.CtlCode == FsctlCode.SrvCopychunk;
        if (!AccessRights.Has(target.GrantedAccess, AccessMask.FileWriteData)
            || (needsRead && !AccessRights.Has(target.GrantedAccess, AccessMask.FileReadData))
            || !AccessRights.Has(source.GrantedAccess, AccessMask.FileReadData))
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.AccessDenied);
        if (target.IsDirectory || source.IsDirectory)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidDeviceRequest);
        foreach (SrvCopychunk c in copy.Chunks)
        {
            if (c.SourceOffset > (ulong)(long.MaxValue - c.Length) || c.TargetOffset > (ulong)(long.MaxValue - c.Length))
                return NtvfsOp.Post(r.Ev, NtStatus.InvalidParameter, limitsResult);
            if (IoConflicts(source, (long)c.SourceOffset, c.Length, write: false)
                || IoConflicts(target, (long)c.TargetOffset, c.Length, write: true))
                return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.FileLockConflict);
        }

        SafeFileDescriptor from = source.Fd, to = target.Fd;
        Timespec? frozen = target.FrozenLastWrite;
        return PosixJob.Send(r.Ev, () => CopyChunks(from, to, copy.Chunks, frozen),
            onLoop: o =>
            {
                // A copy that failed part way still changed the target; inotify reports that one.
                if (o.Status.IsSuccess)
                    ReportDataChange(target);
                return o;
            },
            location: "posix copychunk");
    }

    private static Outcome<NtvfsInfoResult> CopyChunks(SafeFileDescriptor from, SafeFileDescriptor to,
        IReadOnlyList<SrvCopychunk> chunks, Timespec? frozenLastWrite)
    {
        uint chunksWritten = 0;
        uint totalWritten = 0;
        NtStatus status = NtStatus.Success;
        uint partial = 0;
        foreach (SrvCopychunk c in chunks)
        {
            status = FileStatus.Get(from, out FileStatus st);
            if (status.IsError)
                break;
            if ((long)c.SourceOffset + c.Length > st.Size)
            {
                status = NtStatus.InvalidViewSize;
                break;
            }
            status = CopyRange(from, (long)c.SourceOffset, to, (long)c.TargetOffset, c.Length, out partial);
            totalWritten += partial;
            if (status.IsError)
                break;
            partial = 0;
            chunksWritten++;
        }
        if (frozenLastWrite is { } mtime)
            RestoreLastWrite(to, mtime);
        var response = new SrvCopychunkResponse(chunksWritten, status.IsError ? partial : 0, totalWritten).ToArray();
        return new Outcome<NtvfsInfoResult>(status, new NtvfsInfoResult(response, response.Length));
    }

    /// <summary>copy_file_range, falling back to pread/pwrite where the file systems cannot (EXDEV, EINVAL, EOPNOTSUPP).</summary>
    private static unsafe NtStatus CopyRange(SafeFileDescriptor from, long fromOffset, SafeFileDescriptor to,
        long toOffset, uint length, out uint copied)
    {
        copied = 0;
        bool fallback = false;
        while (copied < length)
        {
            long inOff = fromOffset + copied, outOff = toOffset + copied;
            nint n;
            if (!fallback)
            {
                n = Libc.copy_file_range(from, &inOff, to, &outOff, length - copied, 0);
                if (n < 0)
                {
                    int errno = Libc.LastErrno;
                    if (errno == Errno.EINTR)
                        continue;
                    if (errno is Errno.EXDEV or Errno.EINVAL or Errno.EOPNOTSUPP or Errno.ENOSYS)
                    {
                        fallback = true;
                        continue;
                    }
                    return ErrnoMapping.ToNtStatus(errno);
                }
            }
            else
            {
                n = CopyThroughBuffer(from, fromOffset + copied, to, toOffset + copied, (int)Math.Min(length - copied, 256 * 1024));
                if (n < 0)
                    return ErrnoMapping.ToNtStatus((int)-n);
            }
            if (n == 0)
                return NtStatus.InvalidViewSize; // the source shrank under us
            copied += (uint)n;
        }
        return NtStatus.Success;
    }

    /// <summary>One pread/pwrite round; the byte count, or minus errno.</summary>
    private static unsafe nint CopyThroughBuffer(SafeFileDescriptor from, long fromOffset, SafeFileDescriptor to, long toOffset, int count)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(count);
        try
        {
            fixed (byte* p = buffer)
            {
                nint n = Libc.pread(from, p, (nuint)count, fromOffset);
                if (n <= 0)
                    return n < 0 ? -Libc.LastErrno : 0;
                nint done = 0;
                while (done < n)
                {
                    nint w = Libc.pwrite(to, p + done, (nuint)(n - done), toOffset + done);
                    if (w < 0)
                        return -Libc.LastErrno;
                    done += w;
                }
                return n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
