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
