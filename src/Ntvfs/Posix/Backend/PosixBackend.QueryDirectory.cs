using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Fscc;
using Protocol.Security;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs.Posix.Backend;

public sealed partial class PosixBackend
{
    /// <summary>
    /// SMB2 QUERY_DIRECTORY (MS-SMB2 3.3.5.18, MS-FSA 2.1.5.6): every directory information class
    /// through <see cref="DirectoryEntryWriter"/>, DOS wildcards through <see cref="WildcardMatcher"/>,
    /// the search resumed across calls by the open's <see cref="DirectorySearch"/>.
    /// </summary>
    /// <remarks>
    /// The pattern is fixed by the first query; a later query with another pattern and no restart
    /// keeps the first one (MS-FSA 2.1.5.6.3, and Windows' behaviour). SMB2_RESTART_SCANS and
    /// SMB2_REOPEN start over with the query's pattern. SMB2_INDEX_SPECIFIED is ignored: entries have
    /// no stable index on Linux (every FileIndex is 0, as MS-FSCC allows), so the search continues
    /// from its cursor, as Samba does.
    /// </remarks>
    public override TeventReq QueryDirectorySend(NtvfsRequest r, NtvfsHandle h, NtvfsQueryDirectoryArgs args)
    {
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, status);
        if (!handle.IsDirectory)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter);
        if (!AccessRights.Has(handle.GrantedAccess, AccessMask.FileListDirectory))
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.AccessDenied);
        if (!DirectoryEntryWriter.IsSupported(args.InfoClass))
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidInfoClass);
        if (args.OutputBufferLength < 0)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter);

        DirectorySearch search = handle.Search ??= new DirectorySearch();
        bool restart = (args.Flags & (Smb2QueryDirectoryFlags.RestartScans | Smb2QueryDirectoryFlags.Reopen)) != 0;
        bool single = (args.Flags & Smb2QueryDirectoryFlags.ReturnSingleEntry) != 0;
        PosixShare share = handle.Share;
        string diskPath = ShareModes.PathOf(handle.File);
        SafeFileDescriptor fd = handle.Fd;
        return PosixJob.Send(r.Ev, () =>
        {
            if (!DescriptorLease.TryAcquire(fd, out DescriptorLease lease))
                return Outcome<NtvfsInfoResult>.Fail(NtStatus.FileClosed);
            using DescriptorLease held = lease;
            byte[] buffer = new byte[Math.Min(args.OutputBufferLength, MaxInfoOutput)];
            if (!DirectoryEntryWriter.TryCreate(buffer, args.InfoClass, single, out DirectoryEntryWriter writer, out NtStatus error))
                return Outcome<NtvfsInfoResult>.Fail(error);
            lock (search.Lock)
            {
                if (restart || !search.IsStarted)
                {
                    NtStatus s = search.Restart(fd, args.Pattern, share.Options.CaseSensitive);
                    if (s.IsError)
                        return Outcome<NtvfsInfoResult>.Fail(s);
                }
                NtStatus result = search.Fill(ref writer, share, fd, diskPath);
                if (result.IsError || result == NtStatus.NoMoreFiles)
                    return Outcome<NtvfsInfoResult>.Fail(result);
                return new Outcome<NtvfsInfoResult>(result, new NtvfsInfoResult(buffer, writer.BytesWritten));
            }
        }, location: "posix query directory");
    }
}
