using Ntvfs.Posix.Backend;
using Protocol;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs.Tests.PosixBackend;

/// <summary>
/// How CREATE and CLOSE use thread jobs: creates of one loop round share one job
/// (<see cref="CreateJobBatch"/>), and a CLOSE with nothing to do on disk answers on the loop and
/// leaves close(2) to a later job (<see cref="DeferredClose"/>).
/// </summary>
public class CreateCloseJobsTests
{
    private static TeventReq CreateSend(BackendFixture f, string path)
        => f.Backend.CreateSend(f.Request, new NtvfsCreateArgs(path, BackendFixture.ReadWrite, 0, BackendFixture.ShareAll,
            Smb2CreateDisposition.OpenIf, 0, Smb2OplockLevel.None));

    private static void LoopUntil(BackendFixture f, Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            f.Ev.LoopOnce(TimeSpan.FromMilliseconds(5));
        }
    }

    [Fact]
    public void CreatesSentInOneRoundAllComplete()
    {
        using var f = new BackendFixture();
        f.WriteFile("shared.txt", "x");
        TeventReq[] creates = [CreateSend(f, "shared.txt"), CreateSend(f, "shared.txt"), CreateSend(f, "new.txt"), CreateSend(f, "")];
        var handles = new List<NtvfsHandle>();
        foreach (TeventReq req in creates)
        {
            Assert.Equal(NtStatus.Success, f.Run(req, out NtvfsCreateResult created));
            handles.Add(created.Handle);
        }
        Assert.Equal(4, f.Backend.OpenHandleCount);
        Assert.True(handles[3].IsDirectory);
        foreach (NtvfsHandle h in handles)
            f.Close(h);
        Assert.Equal(0, f.Backend.OpenHandleCount);
    }

    [Fact]
    public void ACreateCancelledBeforeItsJobRunsEndsCancelledAndLeavesNothingOpen()
    {
        using var f = new BackendFixture();
        TeventReq first = CreateSend(f, "a.txt");
        TeventReq cancelled = CreateSend(f, "b.txt");
        // Nothing has run yet: the batch is submitted at the next loop round.
        Assert.True(cancelled.Cancel());
        Assert.Equal(NtStatus.Cancelled, f.Run(cancelled, out NtvfsCreateResult _));
        Assert.Equal(NtStatus.Success, f.Run(first, out NtvfsCreateResult created));
        Assert.False(File.Exists(f.Local("b.txt")));
        Assert.Equal(1, f.Backend.OpenHandleCount);
        f.Close(created.Handle);
        Assert.Equal(0, f.Backend.OpenHandleCount);
    }

    [Fact]
    public void APlainCloseAnswersAtOnceAndTheDescriptorIsClosedSoonAfter()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("plain.txt");
        var fd = ((PosixHandle)h).Fd;
        f.Close(h);
        Assert.Equal(0, f.Backend.OpenHandleCount);
        // No CREATE follows: the loop's timer starts a job for it.
        LoopUntil(f, () => fd.IsClosed);
        Assert.Equal(0, f.Backend.DeferredCloses.Count);
    }

    [Fact]
    public void TheNextCreateClosesWhatCloseLeft()
    {
        using var f = new BackendFixture();
        NtvfsHandle a = f.Open("a.txt");
        var fd = ((PosixHandle)a).Fd;
        f.Close(a);
        Assert.Equal(1, f.Backend.DeferredCloses.Count);
        NtvfsHandle b = f.Open("b.txt");
        Assert.True(fd.IsClosed);
        f.Close(b);
    }

    [Fact]
    public void ACloseThatQueriesOrDeletesStillWaitsForItsJob()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("q.txt");
        var fd = ((PosixHandle)h).Fd;
        Assert.Equal(NtStatus.Success, f.Close(h, out NtvfsCloseResult closed, postQuery: true));
        Assert.True(closed.HasMetadata);
        Assert.True(fd.IsClosed);

        NtvfsHandle d = f.Open("d.txt", options: Smb2CreateOptions.DeleteOnClose, access: BackendFixture.All);
        f.Close(d);
        Assert.False(File.Exists(f.Local("d.txt")));
    }

    [Fact]
    public void DisposingTheBackendClosesWhatIsLeft()
    {
        var f = new BackendFixture();
        NtvfsHandle h = f.Open("left.txt");
        var fd = ((PosixHandle)h).Fd;
        f.Close(h);
        f.Dispose();
        Assert.True(fd.IsClosed);
    }
}
