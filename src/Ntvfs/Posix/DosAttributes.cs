using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>
/// Keeps the DOS attributes (read-only, hidden, system, archive, ...) and the creation time of
/// files, which Linux has no place for, in the extended attribute <see cref="XattrName"/>
/// (format: <see cref="DosAttributeRecord"/>). Blocking (xattr calls): run from thread jobs.
/// </summary>
/// <remarks>
/// Attribute values are those of MS-FSCC 2.6 (FILE_ATTRIBUTE_*), which
/// <see cref="System.IO.FileAttributes"/> has with the same numbers.
/// Without a stored value (new file from a local process, file system without user xattrs,
/// corrupt or foreign value) the attributes are derived from the mode:
/// DIRECTORY for directories, ARCHIVE for other files (what Windows gives a new file), READONLY for
/// a file with no write bit at all, HIDDEN for dot files when `hide dot files` is on; NORMAL if
/// nothing else applies (MS-FSCC 2.6: NORMAL is valid only alone). The creation time is then the
/// birth time, or the older of ctime and mtime (<see cref="FileStatus.FallbackCreationFileTime"/>).
/// File systems without user xattrs (EOPNOTSUPP) still work: storing READONLY then sets or clears
/// the write bits instead, and the other attributes and the creation time are not kept.
/// READONLY is never mapped onto the mode when the xattr is available (Samba's `map readonly = no`):
/// enforcing it on opens is the backend's job (MS-FSA 2.1.5.1.2.1), and clearing w bits would stop
/// even the owner from writing the attribute back.
/// </remarks>
public sealed class DosAttributes
{
    /// <summary>Our xattr name; not "user.DOSATTRIB", which is Samba's (see <see cref="DosAttributeRecord"/>).</summary>
    public const string XattrName = "user.smbserver.dosattrib";

    /// <summary>
    /// Attributes a client can set and we keep (MS-FSA 2.1.5.14.2 FileBasicInformation): READONLY,
    /// HIDDEN, SYSTEM, ARCHIVE, TEMPORARY, OFFLINE, NOT_CONTENT_INDEXED. DIRECTORY comes from the
    /// mode; SPARSE, REPARSE_POINT, COMPRESSED, ENCRYPTED are not settable this way.
    /// </summary>
    public const FileAttributes StoredAttributes = FileAttributes.ReadOnly | FileAttributes.Hidden
        | FileAttributes.System | FileAttributes.Archive | FileAttributes.Temporary | FileAttributes.Offline
        | FileAttributes.NotContentIndexed;

    private readonly IXattrAccess _xattrs;

    /// <summary>
    /// Spares the xattr read when opening a file that has not changed since it was last read. One
    /// for the process (what the file system holds is the same for every share and tree connect);
    /// an instance over other xattr access (tests) gets its own.
    /// </summary>
    private readonly DosRecordCache _cache;

    private static readonly DosRecordCache SharedCache = new();

    public DosAttributes(bool hideDotFiles = false) : this(ExtendedAttributes.Instance, hideDotFiles, SharedCache) { }

    internal DosAttributes(IXattrAccess xattrs, bool hideDotFiles, DosRecordCache? cache = null)
    {
        _xattrs = xattrs;
        HideDotFiles = hideDotFiles;
        _cache = cache ?? new DosRecordCache(64);
    }

    /// <summary>`hide dot files`.</summary>
    public bool HideDotFiles { get; }

    /// <summary>
    /// Reads the DOS view of an open file (any descriptor, O_PATH included) whose statx is
    /// <paramref name="status"/> and whose name (last component) is <paramref name="name"/>.
    /// Only unexpected xattr errors (EIO, EACCES) fail; "no value" and "no xattr support" derive.
    /// </summary>
    public NtStatus Load(SafeFileDescriptor fd, in FileStatus status, string name, out DosInfo info)
    {
        info = default;
        DosAttributeRecord? record = null;
        if (!status.IsSymbolicLink && !_cache.TryGet(status, out record))
        {
            Span<byte> buffer = stackalloc byte[64];
            int errno = _xattrs.Get(fd, XattrName, buffer, out int length);
            if (errno == 0)
            {
                if (DosAttributeRecord.TryParse(buffer[..length], out DosAttributeRecord r, out _))
                    record = r;
            }
            else if (errno is not (Errno.ENODATA or Errno.EOPNOTSUPP or Errno.ERANGE))
            {
                // ERANGE: a value longer than ours: not one we wrote, treat as absent.
                return ErrnoMapping.ToNtStatus(errno);
            }
            _cache.Store(status, record);
        }

        FileAttributes attributes = record is { } stored
            ? stored.Attributes & StoredAttributes
            : Derive(status);
        attributes = Complete(attributes, status, name);
        long creation = record?.CreationTime ?? status.FallbackCreationFileTime;
        info = new DosInfo(attributes, creation, record is not null);
        return NtStatus.Success;
    }

    /// <summary>
    /// Stores attributes and/or creation time; null leaves the current value. DIRECTORY and NORMAL in
    /// <paramref name="attributes"/> are ignored (MS-FSA 2.1.5.14.2); so is TEMPORARY on a directory.
    /// On a file system without user xattrs only READONLY persists (through the write bits).
    /// </summary>
    public NtStatus Store(SafeFileDescriptor fd, in FileStatus status, FileAttributes? attributes, long? creationTime)
    {
        if (status.IsSymbolicLink)
            return NtStatus.AccessDenied;
        if (attributes is null && creationTime is null)
            return NtStatus.Success;
        _cache.Invalidate(status);

        Span<byte> buffer = stackalloc byte[64];
        DosAttributeRecord? current = null;
        int errno = _xattrs.Get(fd, XattrName, buffer, out int length);
        if (errno == 0 && DosAttributeRecord.TryParse(buffer[..length], out DosAttributeRecord r, out _))
            current = r;
        else if (errno == Errno.EOPNOTSUPP)
            return StoreWithoutXattrs(fd, status, attributes);
        else if (errno != 0 && errno is not (Errno.ENODATA or Errno.ERANGE))
            return ErrnoMapping.ToNtStatus(errno);

        FileAttributes newAttributes = attributes is { } a
            ? a & StoredAttributes
            : current?.Attributes ?? Derive(status);
        if (status.IsDirectory)
            newAttributes &= ~FileAttributes.Temporary;
        long? newCreation = creationTime ?? current?.CreationTime;

        var record = new DosAttributeRecord(newAttributes & StoredAttributes, newCreation);
        Span<byte> value = stackalloc byte[DosAttributeRecord.Size];
        record.Write(value);
        errno = _xattrs.Set(fd, XattrName, value, 0);
        if (errno == Errno.EOPNOTSUPP)
            return StoreWithoutXattrs(fd, status, attributes);
        return errno == 0 ? NtStatus.Success : ErrnoMapping.ToNtStatus(errno);
    }

    /// <summary>Attributes from the mode alone (no stored value): ARCHIVE for files, READONLY without write bits.</summary>
    public static FileAttributes Derive(in FileStatus status)
    {
        if (status.IsDirectory)
            return 0;
        FileAttributes a = FileAttributes.Archive;
        if ((status.Mode & Libc.S_IWUGO) == 0)
            a |= FileAttributes.ReadOnly;
        return a;
    }

    /// <summary>Adds what is never stored: DIRECTORY, hidden dot files, and NORMAL when nothing else is set.</summary>
    private FileAttributes Complete(FileAttributes attributes, in FileStatus status, string name)
    {
        if (status.IsDirectory)
            attributes = (attributes & ~FileAttributes.Temporary) | FileAttributes.Directory;
        if (HideDotFiles && NameValidation.IsDotFile(name))
            attributes |= FileAttributes.Hidden;
        return attributes == 0 ? FileAttributes.Normal : attributes;
    }

    private static NtStatus StoreWithoutXattrs(SafeFileDescriptor fd, in FileStatus status, FileAttributes? attributes)
    {
        if (attributes is not { } a || status.IsDirectory)
            return NtStatus.Success;
        uint mode = status.Permissions;
        uint wanted = (a & FileAttributes.ReadOnly) != 0
            ? mode & ~Libc.S_IWUGO
            : (mode & Libc.S_IWUGO) == 0 ? mode | 0b010_000_000 /* u+w */ : mode;
        if (wanted == mode)
            return NtStatus.Success;
        int r = Libc.fchmod(fd, wanted);
        if (r != 0 && Libc.LastErrno == Errno.EBADF)
        {
            using var proc = new ProcFdPath(fd);
            r = Libc.fchmodat(SafeFileDescriptor.CurrentDirectory, proc.Path, wanted, 0);
        }
        return r == 0 ? NtStatus.Success : ErrnoMapping.ToNtStatus(Libc.LastErrno);
    }
}
