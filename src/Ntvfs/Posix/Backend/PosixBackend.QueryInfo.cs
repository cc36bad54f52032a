using System.Buffers.Binary;
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
    /// The largest output buffer a query allocates. The SMB layer bounds OutputBufferLength by the
    /// negotiated MaxTransactSize before calling; this is a second fence against a huge allocation.
    /// </summary>
    public const int MaxInfoOutput = 8 * 1024 * 1024;

    /// <summary>
    /// SMB2 QUERY_INFO (MS-SMB2 3.3.5.20): file, file system and security information, encoded by the
    /// MS-FSCC encoders into at most OutputBufferLength bytes (a too small buffer gives the encoders'
    /// STATUS_INFO_LENGTH_MISMATCH or STATUS_BUFFER_OVERFLOW). Per-open classes are answered on the
    /// loop; the rest need statx and the DOS attribute record, read in a thread job.
    /// </summary>
    public override TeventReq QueryInfoSend(NtvfsRequest r, NtvfsHandle h, NtvfsQueryInfoArgs args)
    {
        NtStatus status = Check(h, out PosixHandle handle);
        if (status.IsError)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, status);
        if (args.OutputBufferLength < 0)
            return NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter);
        return args.InfoType switch
        {
            Smb2InfoType.File => QueryFileInfo(r.Ev, handle, (FileInformationClass)args.InfoClass, args.OutputBufferLength),
            Smb2InfoType.FileSystem => QueryFsInfo(r.Ev, handle, (FileSystemInformationClass)args.InfoClass, args.OutputBufferLength),
            Smb2InfoType.Security => QuerySecurity(r.Ev, handle, (SecurityInformation)args.AdditionalInformation, args.OutputBufferLength),
            // MS-SMB2 3.3.5.20.4: quotas are not kept.
            Smb2InfoType.Quota => NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.NotSupported),
            _ => NtvfsOp.Post<NtvfsInfoResult>(r.Ev, NtStatus.InvalidParameter),
        };
    }

    private delegate NtStatus Encoder(Span<byte> output, out int written);

    /// <summary>Encodes into a fresh buffer of the requested size (capped) and wraps the result.</summary>
    private static Outcome<NtvfsInfoResult> Encode(int outputLength, Encoder encoder)
    {
        byte[] buffer = new byte[Math.Min(outputLength, MaxInfoOutput)];
        NtStatus status = encoder(buffer, out int written);
        return new Outcome<NtvfsInfoResult>(status, new NtvfsInfoResult(buffer, written));
    }

    private static TeventReq PostEncoded(EventContext ev, int outputLength, Encoder encoder)
    {
        Outcome<NtvfsInfoResult> o = Encode(outputLength, encoder);
        return NtvfsOp.Post(ev, o.Status, o.Result);
    }

    private TeventReq QueryFileInfo(EventContext ev, PosixHandle handle, FileInformationClass infoClass, int outputLength)
    {
        uint granted = handle.GrantedAccess;
        // Classes that describe the open, not the file: no system call needed.
        switch (infoClass)
        {
            case FileInformationClass.FileAccessInformation:
                return PostEncoded(ev, outputLength, (Span<byte> o, out int w) => FileAccessInformation.Write((AccessMask)granted, o, out w));
            case FileInformationClass.FilePositionInformation:
                long position = handle.Position;
                return PostEncoded(ev, outputLength, (Span<byte> o, out int w) => new FilePositionInformation(position).Write(o, out w));
            case FileInformationClass.FileModeInformation:
                FileModeFlags mode = handle.Mode;
                return PostEncoded(ev, outputLength, (Span<byte> o, out int w) => new FileModeInformation(mode).Write(o, out w));
            case FileInformationClass.FileAlignmentInformation:
                return PostEncoded(ev, outputLength, (Span<byte> o, out int w)
                    => FileAlignmentInformation.Write(FileAlignmentInformation.FileByteAlignment, o, out w));
            case FileInformationClass.FileAlternateNameInformation:
            {
                // A name that fits 8.3 is its own alternate name, as Samba reports it; others have a
                // generated one (ShortNames), which also opens the file. The share root has none.
                var finalName = handle.Path.Length == 0 ? "" : handle.Path[(handle.Path.LastIndexOf('\\') + 1)..];
                if (finalName.Length == 0) return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.ObjectNameNotFound);
                string alternate = ShortNames.AlternateName(finalName);
                return PostEncoded(ev, outputLength, (Span<byte> o, out int w) => FileAlternateNameInformation.Write(alternate, o, out w));
            }
            case FileInformationClass.FileFullEaInformation:
            {
                if (!AccessRights.Has(granted, AccessMask.FileReadEa))
                    return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.AccessDenied);
                SafeFileDescriptor fd = handle.Fd;
                return PosixJob.Send(ev, () => QueryEas(fd, outputLength), location: "posix query EAs");
            }
            case FileInformationClass.FileBasicInformation:
            case FileInformationClass.FileAllInformation:
            case FileInformationClass.FileNetworkOpenInformation:
            case FileInformationClass.FileAttributeTagInformation:
                // MS-FSA 2.1.5.11: these need FILE_READ_ATTRIBUTES.
                if (!AccessRights.Has(granted, AccessMask.FileReadAttributes))
                    return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.AccessDenied);
                break;
            case FileInformationClass.FileStandardInformation:
            case FileInformationClass.FileInternalInformation:
            case FileInformationClass.FileEaInformation:
            case FileInformationClass.FileNameInformation:
            case FileInformationClass.FileNormalizedNameInformation:
            case FileInformationClass.FileStreamInformation:
            case FileInformationClass.FileCompressionInformation:
            case FileInformationClass.FileIdInformation:
                break;
            default:
                return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.InvalidInfoClass);
        }

        PosixShare share = handle.Share;
        bool deletePending = ShareModes.IsDeletePending(handle.File);
        string diskPath = ShareModes.PathOf(handle.File);
        long currentPosition = handle.Position;
        FileModeFlags currentMode = handle.Mode;
        return PosixJob.Send(ev, () =>
        {
            NtStatus s = PosixMetadata.Load(share, handle.Fd, handle.DiskName, deletePending, out _, out _, out FileMetadata m);
            if (s.IsError)
                return Outcome<NtvfsInfoResult>.Fail(s);
            if (infoClass is FileInformationClass.FileEaInformation or FileInformationClass.FileAllInformation)
            {
                s = EaStore.Read(handle.Fd, out List<FileFullEaInformation> eas);
                if (s.IsError)
                    return Outcome<NtvfsInfoResult>.Fail(s);
                m = m with { EaSize = EaStore.SizeOf(eas) };
            }
            string clientName = "\\" + diskPath.Replace('/', '\\');
            return infoClass switch
            {
                FileInformationClass.FileBasicInformation => Encode(outputLength, (Span<byte> o, out int w) => FileBasicInformation.Write(m, o, out w)),
                FileInformationClass.FileStandardInformation => Encode(outputLength, (Span<byte> o, out int w) => FileStandardInformation.Write(m, o, out w)),
                FileInformationClass.FileInternalInformation => Encode(outputLength, (Span<byte> o, out int w) => FileInternalInformation.Write(m, o, out w)),
                FileInformationClass.FileEaInformation => Encode(outputLength, (Span<byte> o, out int w) => FileEaInformation.Write(m, o, out w)),
                FileInformationClass.FileNameInformation => Encode(outputLength, (Span<byte> o, out int w) => FileNameInformation.Write(clientName, o, out w)),
                // MS-SMB2 3.3.5.20.1: the normalized name is relative to the share root, without a leading separator.
                FileInformationClass.FileNormalizedNameInformation => Encode(outputLength, (Span<byte> o, out int w)
                    => FileNormalizedNameInformation.Write(clientName.AsSpan(1), o, out w)),
                FileInformationClass.FileAllInformation => Encode(outputLength, (Span<byte> o, out int w) => FileAllInformation.Write(
                    m, (AccessMask)granted, currentPosition, currentMode, FileAlignmentInformation.FileByteAlignment, clientName, o, out w)),
                FileInformationClass.FileStreamInformation => Encode(outputLength, (Span<byte> o, out int w) => FileStreamInformation.Write(m, o, out w)),
                FileInformationClass.FileCompressionInformation => Encode(outputLength, (Span<byte> o, out int w) => FileCompressionInformation.Write(m, o, out w)),
                FileInformationClass.FileNetworkOpenInformation => Encode(outputLength, (Span<byte> o, out int w) => FileNetworkOpenInformation.Write(m, o, out w)),
                FileInformationClass.FileAttributeTagInformation => Encode(outputLength, (Span<byte> o, out int w) => FileAttributeTagInformation.Write(m, o, out w)),
                FileInformationClass.FileIdInformation => Encode(outputLength, (Span<byte> o, out int w)
                    => Protocol.Fscc.FileIdInformation.Write(m, share.VolumeSerial64, o, out w)),
                _ => Outcome<NtvfsInfoResult>.Fail(NtStatus.InvalidInfoClass),
            };
        }, location: "posix query file info");
    }

    private static TeventReq QueryFsInfo(EventContext ev, PosixHandle handle, FileSystemInformationClass infoClass, int outputLength)
    {
        PosixShare share = handle.Share;
        switch (infoClass)
        {
            case FileSystemInformationClass.FileFsVolumeInformation:
                // Samba's default `volume` label is the share name; so is ours.
                var volume = new FileFsVolumeInformation(share.VolumeCreationTime, share.VolumeSerial32, share.Options.ShareName);
                return PostEncoded(ev, outputLength, volume.Write);
            case FileSystemInformationClass.FileFsDeviceInformation:
                return PostEncoded(ev, outputLength, FileFsDeviceInformation.Disk.Write);
            case FileSystemInformationClass.FileFsAttributeInformation:
                FileSystemAttributes attributes = FileFsAttributeInformation.DefaultAttributes | FileSystemAttributes.SupportsExtendedAttributes;
                if (share.Options.CaseSensitive)
                    attributes |= FileSystemAttributes.CaseSensitiveSearch;
                if (share.ReadOnly)
                    attributes |= FileSystemAttributes.ReadOnlyVolume;
                var fsAttributes = FileFsAttributeInformation.Default with { FileSystemAttributes = attributes };
                return PostEncoded(ev, outputLength, fsAttributes.Write);
            case FileSystemInformationClass.FileFsSectorSizeInformation:
                return PostEncoded(ev, outputLength, FileFsSectorSizeInformation.ForSectorSize(BytesPerSector).Write);
            case FileSystemInformationClass.FileFsControlInformation:
                // No quotas are kept (QUERY_INFO of SMB2_0_INFO_QUOTA is NOT_SUPPORTED): a volume
                // without them, as Samba answers without quota support (smbtorture smb2.getinfo.fsinfo).
                return PostEncoded(ev, outputLength, FileFsControlInformation.NoQuotas.Write);
            case FileSystemInformationClass.FileFsObjectIdInformation:
                var objectId = new FileFsObjectIdInformation(VolumeObjectId(share), ReadOnlyMemory<byte>.Empty);
                return PostEncoded(ev, outputLength, objectId.Write);
            case FileSystemInformationClass.FileFsSizeInformation:
            case FileSystemInformationClass.FileFsFullSizeInformation:
                return PosixJob.Send(ev, () => QuerySpace(handle.Fd, infoClass, outputLength), location: "posix statvfs");
            default:
                return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.InvalidInfoClass);
        }
    }

    /// <summary>
    /// FileFullEaInformation (MS-FSA 2.1.5.11.8, without an EA name list: every EA, from the first):
    /// none is STATUS_NO_EAS_ON_FILE; the entries that fit the output buffer, with
    /// STATUS_BUFFER_OVERFLOW when some did not; STATUS_BUFFER_TOO_SMALL when not even the first fits.
    /// </summary>
    private static Outcome<NtvfsInfoResult> QueryEas(SafeFileDescriptor fd, int outputLength)
    {
        NtStatus s = EaStore.Read(fd, out List<FileFullEaInformation> eas);
        if (s.IsError)
            return Outcome<NtvfsInfoResult>.Fail(s);
        if (eas.Count == 0)
            return Outcome<NtvfsInfoResult>.Fail(NtStatus.NoEasOnFile);
        int fit = eas.Count;
        while (fit > 0 && FileFullEaInformation.ListLength(eas.GetRange(0, fit)) > outputLength)
            fit--;
        if (fit == 0)
            return Outcome<NtvfsInfoResult>.Fail(NtStatus.BufferTooSmall);
        List<FileFullEaInformation> returned = eas.GetRange(0, fit);
        byte[] output = new byte[FileFullEaInformation.ListLength(returned)];
        FileFullEaInformation.WriteList(returned, output);
        return new Outcome<NtvfsInfoResult>(fit < eas.Count ? NtStatus.BufferOverflow : NtStatus.Success,
            new NtvfsInfoResult(output, output.Length));
    }

    /// <summary>The sector size reported to clients; allocation units are multiples of it.</summary>
    private const uint BytesPerSector = 512;

    private static unsafe Outcome<NtvfsInfoResult> QuerySpace(SafeFileDescriptor fd, FileSystemInformationClass infoClass, int outputLength)
    {
        Statvfs vfs;
        if (Libc.fstatvfs(fd, &vfs) != 0)
            return Outcome<NtvfsInfoResult>.Fail(ErrnoMapping.ToNtStatus(Libc.LastErrno));
        ulong fragment = vfs.f_frsize != 0 ? vfs.f_frsize : vfs.f_bsize;
        uint sectorsPerUnit = (uint)Math.Max(1, fragment / BytesPerSector);
        ulong unit = sectorsPerUnit * BytesPerSector;
        long Units(ulong blocks) => (long)Math.Min(blocks * fragment / unit, long.MaxValue);
        if (infoClass == FileSystemInformationClass.FileFsSizeInformation)
        {
            var size = new FileFsSizeInformation(Units(vfs.f_blocks), Units(vfs.f_bavail), sectorsPerUnit, BytesPerSector);
            return Encode(outputLength, size.Write);
        }
        // Caller-available honours the reserve for root (f_bavail); actual is every free block.
        var full = new FileFsFullSizeInformation(Units(vfs.f_blocks), Units(vfs.f_bavail), Units(vfs.f_bfree),
            sectorsPerUnit, BytesPerSector);
        return Encode(outputLength, full.Write);
    }

    /// <summary>A stable object id for the share's volume: its 64-bit serial and a hash of the share root path.</summary>
    private static Guid VolumeObjectId(PosixShare share)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, share.VolumeSerial64);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], StableHash(share.Key));
        return new Guid(bytes);
    }

    /// <summary>FNV-1a over the UTF-16 units: the same on every run (string.GetHashCode is randomised).</summary>
    private static ulong StableHash(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.20.3: the descriptor synthesised from the owner, group and mode
    /// (<see cref="PosixSecurityDescriptor"/>), with the parts AdditionalInformation names. Owner,
    /// group and DACL need READ_CONTROL; a SACL needs ACCESS_SYSTEM_SECURITY, never granted. A
    /// descriptor is never truncated: a smaller output is STATUS_BUFFER_TOO_SMALL with the 4-byte
    /// size needed as the data (the SMB layer returns it as the error data).
    /// </summary>
    private static TeventReq QuerySecurity(EventContext ev, PosixHandle handle, SecurityInformation requested, int outputLength)
    {
        const SecurityInformation controlled = SecurityInformation.Owner | SecurityInformation.Group | SecurityInformation.Dacl;
        if ((requested & controlled) != 0 && !AccessRights.Has(handle.GrantedAccess, AccessMask.ReadControl))
            return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.AccessDenied);
        if ((requested & SecurityInformation.Sacl) != 0 && !AccessRights.Has(handle.GrantedAccess, AccessMask.AccessSystemSecurity))
            return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.AccessDenied);
        bool isDirectory = handle.IsDirectory;
        return PosixJob.Send(ev, () =>
        {
            NtStatus s = FileStatus.Get(handle.Fd, out FileStatus st);
            if (s.IsError)
                return Outcome<NtvfsInfoResult>.Fail(s);
            SecurityDescriptor sd = PosixSecurityDescriptor.FromMode(st.Uid, st.Gid, st.Permissions, isDirectory, requested & controlled);
            int size = sd.BinaryLength;
            if (outputLength < size)
            {
                var needed = new byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(needed, (uint)size);
                return new Outcome<NtvfsInfoResult>(NtStatus.BufferTooSmall, new NtvfsInfoResult(needed, needed.Length));
            }
            return Encode(outputLength, sd.Write);
        }, location: "posix query security");
    }
}
