using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Security;
using TEvent;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    /// <summary>MS-SMB2 2.2.21: a WRITE at offset 0xFFFFFFFFFFFFFFFF appends at the end of the file.</summary>
    private const long AppendOffset = -1;

    /// <summary>
    /// SMB2 READ (MS-SMB2 3.3.5.12): pread in a thread job, straight into the caller's buffer. A directory is
    /// STATUS_INVALID_DEVICE_REQUEST; a range under another open's exclusive lock is
    /// STATUS_FILE_LOCK_CONFLICT; nothing at or past the end of file, or fewer bytes than
    /// MinimumCount, is STATUS_END_OF_FILE.
    /// </summary>
    public override TeventReq ReadSend(NtvfsRequest r, NtvfsHandle h, NtvfsReadArgs args)
    {
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<NtvfsReadResult>(r.Ev, status);
        if (handle.IsDirectory)
            return NtvfsOp.Post<NtvfsReadResult>(r.Ev, NtStatus.InvalidDeviceRequest);
        if (!AccessRights.CanRead(handle.GrantedAccess))
            return NtvfsOp.Post<NtvfsReadResult>(r.Ev, NtStatus.AccessDenied);
        if (args.Offset < 0 || args.Length < 0 || args.MinimumCount < 0)
            return NtvfsOp.Post<NtvfsReadResult>(r.Ev, NtStatus.InvalidParameter);
        if (IoConflicts(handle, args.Offset, args.Length, write: false))
            return NtvfsOp.Post<NtvfsReadResult>(r.Ev, NtStatus.FileLockConflict);

        SafeFileDescriptor fd = handle.Fd;
        return PosixJob.Send(r.Ev, () => Pread(fd, args),
            onLoop: o =>
            {
                if (!o.Status.IsError)
                    handle.Position = args.Offset + o.Result.Count;
                return o;
            },
            location: "posix read");
    }

    /// <summary>Reads into the caller's buffer (<see cref="NtvfsReadArgs.Buffer"/>): no allocation, no copy.</summary>
    private static unsafe Outcome<NtvfsReadResult> Pread(SafeFileDescriptor fd, NtvfsReadArgs args)
    {
        if (!DescriptorLease.TryAcquire(fd, out DescriptorLease lease))
            return Outcome<NtvfsReadResult>.Fail(NtStatus.FileClosed);
        using DescriptorLease held = lease;
        Span<byte> buffer = args.Buffer.Span;
        int total = 0;
        fixed (byte* p = buffer)
        {
            while (total < buffer.Length)
            {
                nint n = Libc.pread(fd, p + total, (nuint)(buffer.Length - total), args.Offset + total);
                if (n < 0)
                {
                    int errno = Libc.LastErrno;
                    if (errno == Errno.EINTR)
                        continue;
                    return Outcome<NtvfsReadResult>.Fail(ErrnoMapping.ToNtStatus(errno));
                }
                if (n == 0)
                    break;
                total += (int)n;
            }
        }
        // MS-SMB2 3.3.5.12: no data at all, or less than MinimumCount, is STATUS_END_OF_FILE.
        if ((total == 0 && buffer.Length > 0) || total < args.MinimumCount)
            return Outcome<NtvfsReadResult>.Fail(NtStatus.EndOfFile);
        return new Outcome<NtvfsReadResult>(NtStatus.Success, new NtvfsReadResult(total));
    }

    /// <summary>
    /// SMB2 WRITE (MS-SMB2 3.3.5.13): pwrite in a thread job, fdatasync after it for write-through.
    /// An open granted FILE_APPEND_DATA without FILE_WRITE_DATA, or the offset 0xFFFFFFFFFFFFFFFF,
    /// writes at the end of the file. Change-notify watches hear of it directly (MODIFIED, SIZE and
    /// LAST_WRITE).
    /// </summary>
    public override TeventReq WriteSend(NtvfsRequest r, NtvfsHandle h, NtvfsWriteArgs args)
    {
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<NtvfsWriteResult>(r.Ev, status);
        if (handle.IsDirectory)
            return NtvfsOp.Post<NtvfsWriteResult>(r.Ev, NtStatus.InvalidDeviceRequest);
        if (!AccessRights.CanWrite(handle.GrantedAccess))
            return NtvfsOp.Post<NtvfsWriteResult>(r.Ev, NtStatus.AccessDenied);
        bool append = args.Offset == AppendOffset
            || !AccessRights.Has(handle.GrantedAccess, AccessMask.FileWriteData);
        if (!append && args.Offset < 0)
            return NtvfsOp.Post<NtvfsWriteResult>(r.Ev, NtStatus.InvalidParameter);
        if (!append && IoConflicts(handle, args.Offset, args.Data.Length, write: true))
            return NtvfsOp.Post<NtvfsWriteResult>(r.Ev, NtStatus.FileLockConflict);
        BreakLevelII(handle);

        SafeFileDescriptor fd = handle.Fd;
        bool writeThrough = args.WriteThrough || (handle.Mode & Protocol.Fscc.FileModeFlags.WriteThrough) != 0;
        Timespec? frozen = handle.FrozenLastWrite;
        object gate = handle.File.DataWriteGate;
        return PosixJob.Send(r.Ev, () => Pwrite(fd, gate, args.Offset, append, args.Data, writeThrough, frozen),
            onLoop: o =>
            {
                if (o.Status.IsError)
                    return o;
                if (!append)
                    handle.Position = args.Offset + o.Result.Count;
                // pwrite of no bytes changes nothing (and raises no IN_MODIFY).
                if (o.Result.Count > 0)
                    ReportDataChange(handle);
                return o;
            },
            location: "posix write");
    }

    /// <param name="gate">The file's <see cref="SharedFile.DataWriteGate"/>, held for the pwrite calls only.</param>
    private static unsafe Outcome<NtvfsWriteResult> Pwrite(SafeFileDescriptor fd, object gate, long offset, bool append,
        ReadOnlyMemory<byte> data, bool writeThrough, Timespec? frozenLastWrite)
    {
        if (!DescriptorLease.TryAcquire(fd, out DescriptorLease lease))
            return Outcome<NtvfsWriteResult>.Fail(NtStatus.FileClosed);
        using DescriptorLease held = lease;
        ReadOnlySpan<byte> span = data.Span;
        int total = 0;
        lock (gate)
        {
            // The end of file is read under the gate, so appends from two opens do not overlap.
            if (append)
            {
                NtStatus s = FileStatus.Get(fd, out FileStatus st);
                if (s.IsError)
                    return Outcome<NtvfsWriteResult>.Fail(s);
                offset = st.Size;
            }
            fixed (byte* p = span)
            {
                while (total < span.Length)
                {
                    nint n = Libc.pwrite(fd, p + total, (nuint)(span.Length - total), offset + total);
                    if (n < 0)
                    {
                        int errno = Libc.LastErrno;
                        if (errno == Errno.EINTR)
                            continue;
                        return Outcome<NtvfsWriteResult>.Fail(ErrnoMapping.ToNtStatus(errno));
                    }
                    total += (int)n;
                }
            }
        }
        if (writeThrough && Libc.fdatasync(fd) != 0)
            return Outcome<NtvfsWriteResult>.Fail(ErrnoMapping.ToNtStatus(Libc.LastErrno));
        if (frozenLastWrite is { } mtime)
            RestoreLastWrite(fd, mtime);
        return new Outcome<NtvfsWriteResult>(NtStatus.Success, new NtvfsWriteResult(total));
    }

    /// <summary>Puts back a modification time frozen by FileBasicInformation LastWriteTime -1.</summary>
    private static unsafe void RestoreLastWrite(SafeFileDescriptor fd, Timespec mtime)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = new Timespec(0, Libc.UTIME_OMIT);
        times[1] = mtime;
        Libc.futimens(fd, times);
    }

    /// <summary>SMB2 FLUSH (MS-SMB2 3.3.5.11): fsync in a thread job; needs write access.</summary>
    public override TeventReq FlushSend(NtvfsRequest r, NtvfsHandle h)
    {
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<bool>(r.Ev, status);
        if (!AccessRights.CanWrite(handle.GrantedAccess) && !handle.IsDirectory)
            return NtvfsOp.Post<bool>(r.Ev, NtStatus.AccessDenied);
        SafeFileDescriptor fd = handle.Fd;
        return PosixJob.Send(r.Ev, () =>
        {
            if (Libc.fsync(fd) == 0)
                return new Outcome<bool>(NtStatus.Success, true);
            int errno = Libc.LastErrno;
            // A directory opened O_PATH (attribute-only) has nothing to flush.
            return errno == Errno.EBADF
                ? new Outcome<bool>(NtStatus.Success, true)
                : Outcome<bool>.Fail(ErrnoMapping.ToNtStatus(errno));
        }, location: "posix flush");
    }
}
