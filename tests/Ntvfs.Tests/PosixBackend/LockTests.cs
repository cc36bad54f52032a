using Protocol;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs.Tests.PosixBackend;

public class LockTests
{
    private static NtvfsLockElement Exclusive(long offset, long length, bool failImmediately = true)
        => new(offset, length, Exclusive: true, Unlock: false, failImmediately);

    private static NtvfsLockElement Shared(long offset, long length, bool failImmediately = true)
        => new(offset, length, Exclusive: false, Unlock: false, failImmediately);

    private static NtvfsLockElement Unlock(long offset, long length) => new(offset, length, false, Unlock: true, false);

    [Fact]
    public void ExclusiveLockConflictsWithAnotherHandle()
    {
        using var f = new BackendFixture();
        NtvfsHandle h1 = f.Open("l.txt");
        NtvfsHandle h2 = f.Open("l.txt");
        Assert.Equal(NtStatus.Success, f.Lock(h1, Exclusive(0, 1)));
        // Samba's smb2.lock: a conflicting FAIL_IMMEDIATELY lock is LOCK_NOT_GRANTED, every time.
        Assert.Equal(NtStatus.LockNotGranted, f.Lock(h2, Exclusive(0, 1)));
        Assert.Equal(NtStatus.LockNotGranted, f.Lock(h2, Exclusive(0, 1)));
        Assert.Equal(NtStatus.LockNotGranted, f.Lock(h2, Shared(0, 1)));
        Assert.Equal(NtStatus.Success, f.Lock(h2, Exclusive(1, 1)));
        // Unlock must match exactly and be the owner's.
        Assert.Equal(NtStatus.RangeNotLocked, f.Lock(h2, Unlock(0, 1)));
        Assert.Equal(NtStatus.RangeNotLocked, f.Lock(h1, Unlock(0, 2)));
        Assert.Equal(NtStatus.Success, f.Lock(h1, Unlock(0, 1)));
        Assert.Equal(NtStatus.RangeNotLocked, f.Lock(h1, Unlock(0, 1)));
        Assert.Equal(NtStatus.Success, f.Lock(h2, Exclusive(0, 1)));
        Assert.Equal(2, f.Backend.LockCount);
        f.Close(h1);
        f.Close(h2);
        Assert.Equal(0, f.Backend.LockCount);
        Assert.Equal(0, f.Backend.Locks.Count);
    }

    [Fact]
    public void SharedLocksStackOnTheOwnersExclusiveLock()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("stack.txt");
        const long offset = uint.MaxValue, length = uint.MaxValue;
        Assert.Equal(NtStatus.Success, f.Lock(h, Exclusive(offset, length)));
        Assert.Equal(NtStatus.LockNotGranted, f.Lock(h, Exclusive(offset, length)));
        Assert.Equal(NtStatus.Success, f.Lock(h, Shared(offset, length, failImmediately: false)));
        Assert.Equal(NtStatus.Success, f.Lock(h, Shared(offset, length, failImmediately: false)));
        Assert.Equal(NtStatus.Success, f.Lock(h, Unlock(offset, length)));
        Assert.Equal(NtStatus.Success, f.Lock(h, Unlock(offset, length)));
        Assert.Equal(NtStatus.Success, f.Lock(h, Unlock(offset, length)));
        Assert.Equal(NtStatus.RangeNotLocked, f.Lock(h, Unlock(offset, length)));
        f.Close(h);
    }

    [Fact]
    public void ZeroLengthAndExtremeRanges()
    {
        using var f = new BackendFixture();
        NtvfsHandle h1 = f.Open("z.txt");
        NtvfsHandle h2 = f.Open("z.txt");
        // {0, 0} conflicts with nothing.
        Assert.Equal(NtStatus.Success, f.Lock(h1, Exclusive(0, 0)));
        Assert.Equal(NtStatus.Success, f.Lock(h2, Exclusive(0, 0)));
        // Zero-length locks at the same offset do not overlap.
        Assert.Equal(NtStatus.Success, f.Lock(h1, Exclusive(-1, 0)));
        Assert.Equal(NtStatus.Success, f.Lock(h2, Exclusive(-1, 0)));
        // A zero-length range strictly inside a lock conflicts; at its first byte it does not.
        Assert.Equal(NtStatus.Success, f.Lock(h1, Exclusive(100, 10)));
        Assert.Equal(NtStatus.LockNotGranted, f.Lock(h2, Exclusive(105, 0)));
        Assert.Equal(NtStatus.Success, f.Lock(h2, Exclusive(100, 0)));
        // The last byte of the 64-bit range can be locked; one more byte cannot.
        Assert.Equal(NtStatus.Success, f.Lock(h1, Exclusive(-1, 1)));
        Assert.Equal(NtStatus.LockNotGranted, f.Lock(h2, Exclusive(-1, 1)));
        Assert.Equal(NtStatus.InvalidLockRange, f.Lock(h1, Exclusive(-1, 2)));
        f.Close(h1);
        f.Close(h2);
        Assert.Equal(0, f.Backend.LockCount);
    }

    [Fact]
    public void FailedLockRollsBackTheRequest()
    {
        using var f = new BackendFixture();
        NtvfsHandle h1 = f.Open("rb.txt");
        NtvfsHandle h2 = f.Open("rb.txt");
        Assert.Equal(NtStatus.Success, f.Lock(h2, Exclusive(50, 10)));
        Assert.Equal(NtStatus.LockNotGranted, f.Lock(h1, Exclusive(0, 10), Exclusive(50, 10)));
        // The first element was given back: h2 can take it.
        Assert.Equal(NtStatus.Success, f.Lock(h2, Exclusive(0, 10)));
        f.Close(h1);
        f.Close(h2);
    }

    [Theory]
    [InlineData(true, "ok", "ok", "conflict", "conflict")]
    [InlineData(false, "conflict", "ok", "conflict", "ok")]
    public void ReadAndWriteRespectLocks(bool exclusive, string writeOwner, string readOwner, string writeOther, string readOther)
    {
        // Samba's smb2.lock.rw-shared / rw-exclusive expectations.
        using var f = new BackendFixture();
        NtvfsHandle h1 = f.Open("rw.txt");
        Assert.Equal(NtStatus.Success, f.Write(h1, 0, new byte[200], out _));
        NtvfsHandle h2 = f.Open("rw.txt");
        Assert.Equal(NtStatus.Success, f.Lock(h1, new NtvfsLockElement(100, 100, exclusive, false, true)));
        Assert.Equal(Expected(writeOwner), f.Write(h1, 100, new byte[100], out _));
        Assert.Equal(Expected(readOwner), f.Read(h1, 100, 100, out _));
        Assert.Equal(Expected(writeOther), f.Write(h2, 100, new byte[100], out _));
        Assert.Equal(Expected(readOther), f.Read(h2, 100, 100, out _));
        Assert.Equal(NtStatus.Success, f.Write(h2, 0, new byte[100], out _)); // outside the range
        Assert.Equal(NtStatus.Success, f.Lock(h1, Unlock(100, 100)));
        Assert.Equal(NtStatus.Success, f.Write(h2, 100, new byte[100], out _));
        f.Close(h1);
        f.Close(h2);

        static NtStatus Expected(string s) => s == "ok" ? NtStatus.Success : NtStatus.FileLockConflict;
    }

    [Fact]
    public void BlockingLockIsGrantedAfterUnlock()
    {
        using var f = new BackendFixture();
        NtvfsHandle h1 = f.Open("b.txt");
        NtvfsHandle h2 = f.Open("b.txt");
        Assert.Equal(NtStatus.Success, f.Lock(h1, Exclusive(100, 50)));
        TeventReq pending = f.Backend.LockSend(f.Request, h2, [Exclusive(100, 50, failImmediately: false)]);
        for (int i = 0; i < 5; i++)
            f.Ev.LoopOnce(TimeSpan.FromMilliseconds(10));
        Assert.True(pending.IsInProgress);
        Assert.Equal(1, f.Backend.Locks.WaiterCount);
        Assert.Equal(NtStatus.Success, f.Lock(h1, Unlock(100, 50)));
        Assert.Equal(NtStatus.Success, f.Run<bool>(pending, out _));
        Assert.Equal(NtStatus.LockNotGranted, f.Lock(h1, Exclusive(100, 50)));
        f.Close(h1);
        f.Close(h2);
        Assert.Equal(0, f.Backend.LockCount);
    }

    [Fact]
    public void BlockingLockCanBeCancelled()
    {
        using var f = new BackendFixture();
        NtvfsHandle h1 = f.Open("c.txt");
        NtvfsHandle h2 = f.Open("c.txt");
        Assert.Equal(NtStatus.Success, f.Lock(h1, Exclusive(100, 10)));
        TeventReq pending = f.Backend.LockSend(f.Request, h2, [Exclusive(100, 10, failImmediately: false)]);
        f.Ev.LoopOnce(TimeSpan.FromMilliseconds(10));
        // Unlocking the range that is only pending is not possible.
        Assert.Equal(NtStatus.RangeNotLocked, f.Lock(h2, Unlock(100, 10)));
        Assert.True(pending.Cancel());
        Assert.Equal(NtStatus.Cancelled, f.Run<bool>(pending, out _));
        Assert.Equal(0, f.Backend.Locks.WaiterCount);
        Assert.Equal(NtStatus.Success, f.Lock(h1, Unlock(100, 10)));
        f.Close(h1);
        f.Close(h2);
        Assert.Equal(0, f.Backend.LockCount);
    }

    [Fact]
    public void ClosingTheWaitingHandleEndsItsLockRequest()
    {
        using var f = new BackendFixture();
        NtvfsHandle h1 = f.Open("close.txt");
        NtvfsHandle h2 = f.Open("close.txt");
        Assert.Equal(NtStatus.Success, f.Lock(h1, Exclusive(0, 10)));
        TeventReq pending = f.Backend.LockSend(f.Request, h2, [Exclusive(0, 10, failImmediately: false)]);
        f.Ev.LoopOnce(TimeSpan.FromMilliseconds(10));
        f.Close(h2);
        // Samba's smb2.lock.cancel, "cancel by close".
        Assert.Equal(NtStatus.RangeNotLocked, f.Run<bool>(pending, out _));
        f.Close(h1);
        Assert.Equal(0, f.Backend.LockCount);
        Assert.Equal(0, f.Backend.Locks.WaiterCount);
    }

    [Fact]
    public void LockReleasedOnAnotherLoopWakesTheWaiter()
    {
        using var f = new BackendFixture();
        NtvfsHandle mine = f.Open("x.txt");
        using var locked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        NtStatus otherUnlock = NtStatus.Unsuccessful;
        var other = new Thread(() =>
        {
            // A second connection with its own loop and tree, as another client would have.
            var ev = new EventContext(name: "other");
            var tree = new NtvfsTree(f.Options, f.Backend, f.Session with { SessionId = 8 });
            var request = new NtvfsRequest(ev, tree, null);
            Run<bool>(ev, f.Backend.ConnectSend(request), out _);
            Run(ev, f.Backend.CreateSend(request, new NtvfsCreateArgs("x.txt", BackendFixture.ReadWrite, 0,
                BackendFixture.ShareAll, Smb2CreateDisposition.Open, 0, Smb2OplockLevel.None)), out NtvfsCreateResult created);
            Run<bool>(ev, f.Backend.LockSend(request, created.Handle, [Exclusive(0, 100)]), out _);
            locked.Set();
            release.Wait();
            otherUnlock = Run<bool>(ev, f.Backend.LockSend(request, created.Handle, [Unlock(0, 100)]), out _);
            Run<NtvfsCloseResult>(ev, f.Backend.CloseSend(request, created.Handle, false), out _);
            Run<bool>(ev, f.Backend.DisconnectSend(request), out _);
        });
        other.Start();
        Assert.True(locked.Wait(TimeSpan.FromSeconds(10)));
        TeventReq pending = f.Backend.LockSend(f.Request, mine, [Exclusive(50, 10, failImmediately: false)]);
        f.Ev.LoopOnce(TimeSpan.FromMilliseconds(10));
        Assert.True(pending.IsInProgress);
        release.Set();
        Assert.Equal(NtStatus.Success, f.Run<bool>(pending, out _));
        Assert.True(other.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(NtStatus.Success, otherUnlock);
        f.Close(mine);
        Assert.Equal(0, f.Backend.LockCount);
        Assert.Equal(0, f.Backend.OpenHandleCount);
    }

    private static NtStatus Run<T>(EventContext ev, TeventReq req, out T result)
    {
        ev.LoopUntil(req);
        return NtvfsOp.Recv(req, out result);
    }

    [Fact]
    public void LockArgumentsAreChecked()
    {
        using var f = new BackendFixture();
        NtvfsHandle d = f.OpenDirectory("dir");
        Assert.Equal(NtStatus.InvalidParameter, f.Lock(d, Exclusive(0, 1)));
        NtvfsHandle h = f.Open("a.txt", (uint)Protocol.Security.AccessMask.FileReadAttributes);
        Assert.Equal(NtStatus.AccessDenied, f.Lock(h, Exclusive(0, 1)));
        Assert.Equal(NtStatus.InvalidParameter, f.Lock(h));
        f.Close(d);
        f.Close(h);
    }
}
