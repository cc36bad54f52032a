using Protocol;
using Ntvfs.Posix.Native;

namespace Ntvfs.Posix;

/// <summary>
/// The one table from Linux errno to NTSTATUS for the posix backend. Every errno a backend call
/// returns goes through <see cref="ToNtStatus"/>, so the choice for each value is made here once.
/// </summary>
/// <remarks>
/// Choices that are not obvious:
/// <list type="bullet">
/// <item>ENOENT / ENOTDIR / ELOOP / EXDEV depend on <see cref="ErrnoContext"/>. A symbolic link that
/// confinement refuses (openat2 RESOLVE_BENEATH gives EXDEV, RESOLVE_NO_SYMLINKS gives ELOOP) is
/// reported as if the name did not exist: OBJECT_NAME_NOT_FOUND as the last component,
/// OBJECT_PATH_NOT_FOUND in the middle of a path. That is what Samba's own traversal test expects for
/// links that point outside the share (samba-team/samba
/// source3/script/tests/test_symlink_traversal_smb2.sh: "get symlink_dir_outside_share" gives
/// NT_STATUS_OBJECT_NAME_NOT_FOUND and ".../noexist" under it NT_STATUS_OBJECT_PATH_NOT_FOUND), and it
/// tells a client nothing about what lies outside the share. In <see cref="ErrnoContext.Default"/>
/// EXDEV is a real cross-device rename: STATUS_NOT_SAME_DEVICE.</item>
/// <item>EROFS is STATUS_MEDIA_WRITE_PROTECTED, what Windows returns for a read-only volume
/// (Samba returns ACCESS_DENIED).</item>
/// <item>EAGAIN is STATUS_LOCK_NOT_GRANTED for byte-range locks (MS-FSA 2.1.5.7: a lock that
/// fails immediately); elsewhere it is a transient shortage: STATUS_INSUFFICIENT_RESOURCES.</item>
/// <item>EINVAL is STATUS_INVALID_PARAMETER: Linux uses it for bad offsets, flags and lengths that
/// a client sent us.</item>
/// <item>Any errno not in the table is STATUS_ACCESS_DENIED, as in Samba (so clients see what they
/// already handle against Samba); callers should log the raw errno when they see that default.</item>
/// </list>
/// </remarks>
public static class ErrnoMapping
{
    /// <summary>Status returned for an errno the table does not list.</summary>
    public static readonly NtStatus Unmapped = NtStatus.AccessDenied;

    public static NtStatus ToNtStatus(int errno, ErrnoContext context = ErrnoContext.Default)
    {
        switch (errno)
        {
            case 0:
                return NtStatus.Success;
            case Errno.ENOENT:
                return context == ErrnoContext.PathPrefix ? NtStatus.ObjectPathNotFound : NtStatus.ObjectNameNotFound;
            case Errno.ENOTDIR:
                // MS-FSA 2.1.5.1: a path component that is a file is "path not found"; opening the last
                // component as a directory when it is a file is STATUS_NOT_A_DIRECTORY.
                return context == ErrnoContext.FinalComponent ? NtStatus.NotADirectory : NtStatus.ObjectPathNotFound;
            case Errno.ELOOP:
                return context == ErrnoContext.FinalComponent ? NtStatus.ObjectNameNotFound : NtStatus.ObjectPathNotFound;
            case Errno.EXDEV:
                return context switch
                {
                    ErrnoContext.PathPrefix => NtStatus.ObjectPathNotFound,
                    ErrnoContext.FinalComponent => NtStatus.ObjectNameNotFound,
                    _ => NtStatus.NotSameDevice,
                };
            case Errno.EAGAIN:
                return context == ErrnoContext.ByteRangeLock ? NtStatus.LockNotGranted : NtStatus.InsufficientResources;
            case Errno.EACCES:
                // EACCES from fcntl(F_OFD_SETLK) means "held by someone else" as well.
                return context == ErrnoContext.ByteRangeLock ? NtStatus.LockNotGranted : NtStatus.AccessDenied;
            case Errno.EDEADLK:
            case Errno.ENOLCK:
                return NtStatus.LockNotGranted;
            case Errno.EPERM:
                return NtStatus.AccessDenied;
            case Errno.EEXIST:
                return NtStatus.ObjectNameCollision;
            case Errno.ENOSPC:
            case Errno.EDQUOT:
            case Errno.EFBIG:
                return NtStatus.DiskFull;
            case Errno.EROFS:
                return NtStatus.MediaWriteProtected;
            case Errno.ENOTEMPTY:
                return NtStatus.DirectoryNotEmpty;
            case Errno.EISDIR:
                return NtStatus.FileIsADirectory;
            case Errno.ENAMETOOLONG:
            case Errno.EILSEQ:
                // EILSEQ: a file system that validates names (casefolded ext4, f2fs) refused the bytes.
                return NtStatus.ObjectNameInvalid;
            case Errno.EMFILE:
            case Errno.ENFILE:
                return NtStatus.TooManyOpenedFiles;
            case Errno.EBADF:
                return NtStatus.InvalidHandle;
            case Errno.EINVAL:
            case Errno.EOVERFLOW:
            case Errno.ESPIPE:
                return NtStatus.InvalidParameter;
            case Errno.EIO:
                return NtStatus.UnexpectedIoError;
            case Errno.ENOMEM:
                return NtStatus.NoMemory;
            case Errno.EBUSY:
            case Errno.ETXTBSY:
                return NtStatus.SharingViolation;
            case Errno.EMLINK:
                return NtStatus.TooManyLinks;
            case Errno.EOPNOTSUPP:
            case Errno.ENOSYS:
                return NtStatus.NotSupported;
            case Errno.ENODATA:
                // An extended attribute that is not there: callers reading EAs or xattr-backed streams
                // see "no such name".
                return NtStatus.ObjectNameNotFound;
            case Errno.E2BIG:
                return NtStatus.EaTooLarge;
            case Errno.ERANGE:
                return NtStatus.BufferTooSmall;
            case Errno.ESTALE:
                return NtStatus.FileInvalid;
            case Errno.ETIMEDOUT:
                return NtStatus.IoTimeout;
            case Errno.ECANCELED:
            case Errno.EINTR:
                return NtStatus.Cancelled;
            default:
                return Unmapped;
        }
    }
}
