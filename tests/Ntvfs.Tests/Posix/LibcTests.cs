using System.Text;
using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Tests.Posix;

/// <summary>The P/Invoke declarations against the real kernel: signatures, struct layouts, constants.</summary>
public sealed unsafe class LibcTests : IDisposable
{
    private readonly TestTree _tree = new();
    private readonly SafeFileDescriptor _dir;

    public LibcTests()
    {
        _dir = Libc.openat(SafeFileDescriptor.CurrentDirectory, _tree.Share, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        Assert.False(_dir.IsInvalid);
    }

    public void Dispose()
    {
        _dir.Dispose();
        _tree.Dispose();
    }

    private SafeFileDescriptor Create(string name)
    {
        SafeFileDescriptor fd = Libc.openat(_dir, name, Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR | Libc.O_CLOEXEC, 0b110_100_100);
        Assert.False(fd.IsInvalid, $"errno {Libc.LastErrno}");
        return fd;
    }

    private static void Write(SafeFileDescriptor fd, string text, long offset)
    {
        byte[] data = Encoding.UTF8.GetBytes(text);
        fixed (byte* p = data)
            Assert.Equal((nint)data.Length, Libc.pwrite(fd, p, (nuint)data.Length, offset));
    }

    [Fact]
    public void OpenFailureSetsErrno()
    {
        using SafeFileDescriptor fd = Libc.openat(_dir, "missing", Libc.O_RDONLY, 0);
        Assert.True(fd.IsInvalid);
        Assert.Equal(Errno.ENOENT, Libc.LastErrno);
    }

    [Fact]
    public void PreadPwriteFtruncateFallocateFsync()
    {
        using SafeFileDescriptor fd = Create("data");
        Write(fd, "hello world", 0);
        Write(fd, "HELLO", 0);
        Assert.Equal("HELLO world", TestTree.ReadAll(fd));
        Assert.Equal(0, Libc.ftruncate(fd, 5));
        Assert.Equal("HELLO", TestTree.ReadAll(fd));
        Assert.Equal(0, Libc.fsync(fd));
        Assert.Equal(0, Libc.fdatasync(fd));

        Assert.Equal(0, Libc.fallocate(fd, Libc.FALLOC_FL_KEEP_SIZE, 0, 1 << 20));
        Assert.Equal(NtStatus.Success, FileStatus.Get(fd, out FileStatus st));
        Assert.Equal(5, st.Size);
        Assert.True(st.AllocationSize >= 1 << 20);
        Assert.Equal(0, Libc.fallocate(fd, 0, 0, 100));
        Assert.Equal(NtStatus.Success, FileStatus.Get(fd, out st));
        Assert.Equal(100, st.Size);
        Assert.Equal(100, Libc.lseek(fd, 0, Libc.SEEK_END));
    }

    [Fact]
    public void StatxReportsBasicsAndBirthTime()
    {
        using SafeFileDescriptor fd = Create("f");
        Statx stx;
        Assert.Equal(0, Libc.statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS | Libc.STATX_BTIME, &stx));
        Assert.Equal(Libc.STATX_BASIC_STATS, stx.stx_mask & Libc.STATX_BASIC_STATS);
        Assert.Equal(Libc.S_IFREG, stx.stx_mode & Libc.S_IFMT);
        Assert.Equal(0b110_100_100u, stx.stx_mode & Libc.S_IALLUGO & ~0u);
        Assert.Equal(1u, stx.stx_nlink);
        var viaDotnet = new FileInfo(_tree.InShare("f"));
        Assert.True(viaDotnet.Exists);
        if ((stx.stx_mask & Libc.STATX_BTIME) != 0)
        {
            long birth = FileTime.FromStatx(stx.stx_btime);
            long now = DateTime.UtcNow.ToFileTimeUtc();
            Assert.InRange(birth, now - TimeSpan.FromMinutes(5).Ticks, now + TimeSpan.FromMinutes(5).Ticks);
        }
        Assert.Equal(256, sizeof(Statx));
        Assert.Equal(24, sizeof(OpenHow));
        Assert.Equal(32, sizeof(Flock));
    }

    [Fact]
    public void MkdirUnlinkRenameLink()
    {
        Assert.Equal(0, Libc.mkdirat(_dir, "d", 0b111_101_101));
        Assert.Equal(-1, Libc.mkdirat(_dir, "d", 0b111_101_101));
        Assert.Equal(Errno.EEXIST, Libc.LastErrno);
        Create("a").Dispose();
        Create("b").Dispose();

        Assert.Equal(-1, Libc.renameat2(_dir, "a", _dir, "b", Libc.RENAME_NOREPLACE));
        Assert.Equal(Errno.EEXIST, Libc.LastErrno);
        Assert.Equal(0, Libc.renameat2(_dir, "a", _dir, "d/a", Libc.RENAME_NOREPLACE));
        Assert.Equal(0, Libc.renameat2(_dir, "b", _dir, "d", Libc.RENAME_EXCHANGE));
        Assert.True(File.Exists(_tree.InShare("d")));
        Assert.True(File.Exists(_tree.InShare("b/a")));

        Assert.Equal(0, Libc.linkat(_dir, "d", _dir, "hard", 0));
        Assert.Equal(0, FileStatus.TryGet(_dir, "hard", 0, out FileStatus st));
        Assert.Equal(2u, st.LinkCount);

        Assert.Equal(0, Libc.symlinkat("b/a", _dir, "sym"));
        byte* buf = stackalloc byte[64];
        nint n = Libc.readlinkat(_dir, "sym", buf, 64);
        Assert.Equal("b/a", Encoding.UTF8.GetString(buf, (int)n));

        Assert.Equal(-1, Libc.unlinkat(_dir, "b", Libc.AT_REMOVEDIR));
        Assert.Equal(Errno.ENOTEMPTY, Libc.LastErrno);
        Assert.Equal(0, Libc.unlinkat(_dir, "b/a", 0));
        Assert.Equal(0, Libc.unlinkat(_dir, "b", Libc.AT_REMOVEDIR));
    }

    [Fact]
    public void CopyFileRange()
    {
        using SafeFileDescriptor src = Create("src");
        using SafeFileDescriptor dst = Create("dst");
        Write(src, "0123456789", 0);
        long inOff = 2, outOff = 0;
        Assert.Equal((nint)5, Libc.copy_file_range(src, &inOff, dst, &outOff, 5, 0));
        Assert.Equal(7, inOff);
        Assert.Equal(5, outOff);
        Assert.Equal("23456", TestTree.ReadAll(dst));
    }

    [Fact]
    public void OfdLocksConflictBetweenOpensOfOneProcess()
    {
        using SafeFileDescriptor a = Create("locked");
        using SafeFileDescriptor b = Libc.openat(_dir, "locked", Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        var lk = new Flock { l_type = Libc.F_WRLCK, l_whence = (short)Libc.SEEK_SET, l_start = 0, l_len = 10 };
        Assert.Equal(0, Libc.fcntl_lock(a, Libc.F_OFD_SETLK, &lk));

        var other = new Flock { l_type = Libc.F_WRLCK, l_whence = (short)Libc.SEEK_SET, l_start = 5, l_len = 1 };
        Assert.Equal(-1, Libc.fcntl_lock(b, Libc.F_OFD_SETLK, &other));
        Assert.Equal(NtStatus.LockNotGranted, ErrnoMapping.ToNtStatus(Libc.LastErrno, ErrnoContext.ByteRangeLock));

        var query = new Flock { l_type = Libc.F_WRLCK, l_whence = (short)Libc.SEEK_SET, l_start = 0, l_len = 0 };
        Assert.Equal(0, Libc.fcntl_lock(b, Libc.F_OFD_GETLK, &query));
        Assert.Equal(Libc.F_WRLCK, query.l_type);
        Assert.Equal(-1, query.l_pid);

        var beyond = new Flock { l_type = Libc.F_WRLCK, l_whence = (short)Libc.SEEK_SET, l_start = 10, l_len = 10 };
        Assert.Equal(0, Libc.fcntl_lock(b, Libc.F_OFD_SETLK, &beyond));

        Assert.Equal(0, Libc.flock(a, Libc.LOCK_EX | Libc.LOCK_NB));
        Assert.Equal(-1, Libc.flock(b, Libc.LOCK_EX | Libc.LOCK_NB));
        Assert.Equal(Errno.EWOULDBLOCK, Libc.LastErrno);
        Assert.Equal(0, Libc.flock(a, Libc.LOCK_UN));
    }

    [Fact]
    public void Statvfs()
    {
        Statvfs vfs;
        Assert.Equal(0, Libc.fstatvfs(_dir, &vfs));
        Assert.True(vfs.f_frsize > 0);
        Assert.True(vfs.f_blocks > 0);
        Assert.True(vfs.f_bavail <= vfs.f_bfree);
        Assert.Equal(255UL, vfs.f_namemax);
        Statvfs byPath;
        Assert.Equal(0, Libc.statvfs(_tree.Share, &byPath));
        Assert.Equal(vfs.f_blocks, byPath.f_blocks);
        Assert.Equal(vfs.f_fsid, byPath.f_fsid);
    }

    [Fact]
    public void XattrsThroughDescriptors()
    {
        using SafeFileDescriptor fd = Create("x");
        byte[] value = [1, 2, 3];
        fixed (byte* p = value)
        {
            if (Libc.fsetxattr(fd, "user.test", p, 3, Libc.XATTR_CREATE) != 0)
            {
                Assert.Equal(Errno.EOPNOTSUPP, Libc.LastErrno);
                return;
            }
            Assert.Equal(-1, Libc.fsetxattr(fd, "user.test", p, 3, Libc.XATTR_CREATE));
            Assert.Equal(Errno.EEXIST, Libc.LastErrno);
        }
        byte* buf = stackalloc byte[16];
        Assert.Equal((nint)3, Libc.fgetxattr(fd, "user.test", buf, 16));
        Assert.Equal(-1, Libc.fgetxattr(fd, "user.test", buf, 1));
        Assert.Equal(Errno.ERANGE, Libc.LastErrno);
        byte* list = stackalloc byte[256];
        nint n = Libc.flistxattr(fd, list, 256);
        Assert.Contains("user.test", Encoding.UTF8.GetString(list, (int)n).Split('\0'));
        Assert.Equal(0, Libc.fremovexattr(fd, "user.test"));
        Assert.Equal(-1, Libc.fgetxattr(fd, "user.test", buf, 16));
        Assert.Equal(Errno.ENODATA, Libc.LastErrno);

        // O_PATH descriptors: the f* calls refuse them, the /proc path reaches the inode.
        using SafeFileDescriptor path = Libc.openat(_dir, "x", Libc.O_PATH | Libc.O_CLOEXEC, 0);
        Assert.Equal(-1, Libc.fgetxattr(path, "user.test", buf, 16));
        Assert.Equal(Errno.EBADF, Libc.LastErrno);
        Assert.Equal(0, ExtendedAttributes.Instance.Set(path, "user.viaproc", [9], 0));
        Span<byte> back = stackalloc byte[4];
        Assert.Equal(0, ExtendedAttributes.Instance.Get(fd, "user.viaproc", back, out int length));
        Assert.Equal(1, length);
        Assert.Equal(9, back[0]);
        Assert.Equal(0, ExtendedAttributes.Instance.Remove(path, "user.viaproc"));
    }

    [Fact]
    public void Openat2RefusesEscapes()
    {
        if (!Strategies.Openat2Available)
            return;
        Assert.Equal(0, Libc.mkdirat(_dir, "in", 0b111_101_101));
        var how = new OpenHow { flags = Libc.O_PATH | Libc.O_CLOEXEC, resolve = Libc.RESOLVE_BENEATH };
        using (SafeFileDescriptor ok = Libc.openat2(_dir, "in/../in", how))
            Assert.False(ok.IsInvalid);
        using (SafeFileDescriptor up = Libc.openat2(_dir, "../outside", how))
        {
            Assert.True(up.IsInvalid);
            Assert.Equal(Errno.EXDEV, Libc.LastErrno);
        }
        using (SafeFileDescriptor abs = Libc.openat2(_dir, "/etc", how))
        {
            Assert.True(abs.IsInvalid);
            Assert.Equal(Errno.EXDEV, Libc.LastErrno);
        }
        // mode without O_CREAT is refused by openat2 (the resolver never passes one).
        var bad = new OpenHow { flags = Libc.O_RDONLY, mode = 0b110_100_100 };
        using (SafeFileDescriptor fd = Libc.openat2(_dir, "in", bad))
        {
            Assert.True(fd.IsInvalid);
            Assert.Equal(Errno.EINVAL, Libc.LastErrno);
        }
    }

    [Fact]
    public void SafeFileDescriptorClosesOnce()
    {
        SafeFileDescriptor fd = Create("c");
        int number = fd.Number;
        fd.Dispose();
        fd.Dispose();
        Assert.True(fd.IsClosed);
        Assert.True(number >= 0);
        Assert.False(SafeFileDescriptor.CurrentDirectory.IsInvalid);
        Assert.Equal(Libc.AT_FDCWD, SafeFileDescriptor.CurrentDirectory.Number);
    }
}
