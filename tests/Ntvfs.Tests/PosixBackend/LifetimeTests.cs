using Protocol;
using Protocol.Fscc;
using TEvent;

namespace Ntvfs.Tests.PosixBackend;

public class LifetimeTests
{
    [Fact]
    public void CountersReturnToZeroAfterClosingEverything()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        NtvfsHandle a = f.Open("a.txt");
        NtvfsHandle b = f.Open("a.txt");
        Assert.Equal(NtStatus.Success, f.Lock(a, new NtvfsLockElement(0, 10, true, false, true)));
        TeventReq blocked = f.Backend.LockSend(f.Request, b, [new NtvfsLockElement(0, 10, true, false, false)]);
        TeventReq notify = f.Backend.NotifySend(f.Request, dir, new NtvfsNotifyArgs(CompletionFilter.FileName, true, 1024));
        while (f.Backend.PendingNotifyCount == 0)
            f.Ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.Equal(3, f.Backend.OpenHandleCount);
        Assert.Equal(1, f.Backend.LockCount);

        f.Close(b);
        Assert.Equal(NtStatus.RangeNotLocked, f.Run<bool>(blocked, out _));
        f.Close(a);
        f.Close(dir);
        Assert.Equal(NtStatus.NotifyCleanup, f.Run(notify, out NtvfsInfoResult _));

        Assert.Equal(0, f.Backend.OpenHandleCount);
        Assert.Equal(0, f.Backend.LockCount);
        Assert.Equal(0, f.Backend.PendingNotifyCount);
        Assert.Equal(0, f.Backend.ShareModes.FileCount);
        Assert.Equal(0, f.Backend.Locks.Count);
        Assert.Equal(0, f.Backend.Locks.WaiterCount);
    }

    [Fact]
    public void DisconnectReleasesHandlesLeftOpen()
    {
        var f = new BackendFixture();
        NtvfsHandle h = f.Open("left.txt");
        Assert.Equal(NtStatus.Success, f.Lock(h, new NtvfsLockElement(0, 1, true, false, true)));
        Assert.Equal(NtStatus.Success, f.Run<bool>(f.Backend.DisconnectSend(f.Request), out _));
        Assert.True(h.IsClosed);
        Assert.Equal(0, f.Backend.OpenHandleCount);
        Assert.Equal(0, f.Backend.LockCount);
        Assert.Equal(0, f.Backend.ShareModes.FileCount);
        Assert.Null(f.Tree.BackendState);
        // Operations on the disconnected tree fail cleanly.
        Assert.Equal(NtStatus.NetworkNameDeleted, f.Create("x.txt", out _));
        f.Dispose();
    }

    [Fact]
    public void WaitingRequestsThatTimeOutLetGo()
    {
        using var f = new BackendFixture();
        NtvfsHandle h1 = f.Open("t.txt");
        NtvfsHandle h2 = f.Open("t.txt");
        Assert.Equal(NtStatus.Success, f.Lock(h1, new NtvfsLockElement(0, 10, true, false, true)));
        TeventReq blocked = f.Backend.LockSend(f.Request, h2,
            [new NtvfsLockElement(20, 5, true, false, true), new NtvfsLockElement(0, 10, true, false, false)]);
        blocked.SetEndTime(TimeSpan.FromMilliseconds(30));
        Assert.Equal(new NtStatus(TeventError.TimedOut), f.Run<bool>(blocked, out _));
        Assert.Equal(0, f.Backend.Locks.WaiterCount);
        Assert.Equal(1, f.Backend.LockCount); // the first element of the timed-out request was given back

        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq notify = f.Backend.NotifySend(f.Request, dir, new NtvfsNotifyArgs(CompletionFilter.FileName, false, 1024));
        while (f.Backend.PendingNotifyCount == 0)
            f.Ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        notify.SetEndTime(TimeSpan.FromMilliseconds(30));
        Assert.Equal(new NtStatus(TeventError.TimedOut), f.Run(notify, out NtvfsInfoResult _));
        Assert.Equal(0, f.Backend.PendingNotifyCount);
        // Changes after the timeout go to the next request, not to the recycled one.
        TeventReq next = f.Backend.NotifySend(f.Request, dir, new NtvfsNotifyArgs(CompletionFilter.FileName, false, 1024));
        File.WriteAllText(f.Local("after.txt"), "x");
        Assert.Equal(NtStatus.Success, f.Run(next, out NtvfsInfoResult result));
        Assert.True(result.Length > 0);
        f.Close(dir);
        f.Close(h1);
        f.Close(h2);
        Assert.Equal(0, f.Backend.LockCount);
    }

    [Fact]
    public void ManyConcurrentOperationsComplete()
    {
        using var f = new BackendFixture();
        var handles = Enumerable.Range(0, 20).Select(i => f.Open($"c{i}.txt")).ToList();
        var writes = handles.Select(h => f.Backend.WriteSend(f.Request, h, new NtvfsWriteArgs(0, new byte[4096], false))).ToList();
        f.Ev.LoopUntil(() => writes.All(w => w.IsCompleted));
        foreach (TeventReq w in writes)
        {
            Assert.Equal(NtStatus.Success, NtvfsOp.Recv(w, out NtvfsWriteResult result));
            Assert.Equal(4096, result.Count);
        }
        var closes = handles.Select(h => f.Backend.CloseSend(f.Request, h, true)).ToList();
        f.Ev.LoopUntil(() => closes.All(c => c.IsCompleted));
        foreach (TeventReq c in closes)
        {
            Assert.Equal(NtStatus.Success, NtvfsOp.Recv(c, out NtvfsCloseResult result));
            Assert.Equal(4096, result.Metadata.EndOfFile);
        }
        Assert.Equal(0, f.Backend.OpenHandleCount);
    }
}
