using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Tests.Posix;

public class ErrnoMappingTests
{
    public static TheoryData<int, ErrnoContext, uint> Table => new()
    {
        { 0, ErrnoContext.Default, NtStatus.Success.Value },
        { Errno.ENOENT, ErrnoContext.Default, NtStatus.ObjectNameNotFound.Value },
        { Errno.ENOENT, ErrnoContext.FinalComponent, NtStatus.ObjectNameNotFound.Value },
        { Errno.ENOENT, ErrnoContext.PathPrefix, NtStatus.ObjectPathNotFound.Value },
        { Errno.ENOTDIR, ErrnoContext.Default, NtStatus.ObjectPathNotFound.Value },
        { Errno.ENOTDIR, ErrnoContext.PathPrefix, NtStatus.ObjectPathNotFound.Value },
        { Errno.ENOTDIR, ErrnoContext.FinalComponent, NtStatus.NotADirectory.Value },
        { Errno.ELOOP, ErrnoContext.PathPrefix, NtStatus.ObjectPathNotFound.Value },
        { Errno.ELOOP, ErrnoContext.FinalComponent, NtStatus.ObjectNameNotFound.Value },
        { Errno.EXDEV, ErrnoContext.Default, NtStatus.NotSameDevice.Value },
        { Errno.EXDEV, ErrnoContext.PathPrefix, NtStatus.ObjectPathNotFound.Value },
        { Errno.EXDEV, ErrnoContext.FinalComponent, NtStatus.ObjectNameNotFound.Value },
        { Errno.EEXIST, ErrnoContext.Default, NtStatus.ObjectNameCollision.Value },
        { Errno.EACCES, ErrnoContext.Default, NtStatus.AccessDenied.Value },
        { Errno.EACCES, ErrnoContext.ByteRangeLock, NtStatus.LockNotGranted.Value },
        { Errno.EPERM, ErrnoContext.Default, NtStatus.AccessDenied.Value },
        { Errno.ENOSPC, ErrnoContext.Default, NtStatus.DiskFull.Value },
        { Errno.EDQUOT, ErrnoContext.Default, NtStatus.DiskFull.Value },
        { Errno.EFBIG, ErrnoContext.Default, NtStatus.DiskFull.Value },
        { Errno.EROFS, ErrnoContext.Default, NtStatus.MediaWriteProtected.Value },
        { Errno.ENOTEMPTY, ErrnoContext.Default, NtStatus.DirectoryNotEmpty.Value },
        { Errno.EISDIR, ErrnoContext.Default, NtStatus.FileIsADirectory.Value },
        { Errno.ENAMETOOLONG, ErrnoContext.Default, NtStatus.ObjectNameInvalid.Value },
        { Errno.EILSEQ, ErrnoContext.Default, NtStatus.ObjectNameInvalid.Value },
        { Errno.EMFILE, ErrnoContext.Default, NtStatus.TooManyOpenedFiles.Value },
        { Errno.ENFILE, ErrnoContext.Default, NtStatus.TooManyOpenedFiles.Value },
        { Errno.EBADF, ErrnoContext.Default, NtStatus.InvalidHandle.Value },
        { Errno.EINVAL, ErrnoContext.Default, NtStatus.InvalidParameter.Value },
        { Errno.EIO, ErrnoContext.Default, 0xC00000E9 },
        { Errno.EAGAIN, ErrnoContext.ByteRangeLock, NtStatus.LockNotGranted.Value },
        { Errno.EAGAIN, ErrnoContext.Default, NtStatus.InsufficientResources.Value },
        { Errno.EDEADLK, ErrnoContext.ByteRangeLock, NtStatus.LockNotGranted.Value },
        { Errno.EMLINK, ErrnoContext.Default, 0xC0000265 },
        { Errno.EOPNOTSUPP, ErrnoContext.Default, NtStatus.NotSupported.Value },
        { Errno.ENOSYS, ErrnoContext.Default, NtStatus.NotSupported.Value },
        { Errno.ENODATA, ErrnoContext.Default, NtStatus.ObjectNameNotFound.Value },
        { Errno.ENOMEM, ErrnoContext.Default, NtStatus.NoMemory.Value },
        { Errno.EBUSY, ErrnoContext.Default, NtStatus.SharingViolation.Value },
        { Errno.E2BIG, ErrnoContext.Default, NtStatus.EaTooLarge.Value },
        { Errno.ERANGE, ErrnoContext.Default, NtStatus.BufferTooSmall.Value },
        { 9999, ErrnoContext.Default, NtStatus.AccessDenied.Value },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Maps(int errno, ErrnoContext context, uint expected)
        => Assert.Equal(new NtStatus(expected), ErrnoMapping.ToNtStatus(errno, context));

    [Fact]
    public void WouldBlockIsEagain() => Assert.Equal(Errno.EAGAIN, Errno.EWOULDBLOCK);

    [Fact]
    public void NewStatusValuesHaveNames()
    {
        Assert.Equal("NT_STATUS_UNEXPECTED_IO_ERROR", NtStatus.UnexpectedIoError.ToString());
        Assert.Equal("NT_STATUS_TOO_MANY_LINKS", NtStatus.TooManyLinks.ToString());
    }
}
