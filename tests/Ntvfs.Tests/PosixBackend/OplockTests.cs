using Protocol;
using Protocol.Security;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs.Tests.PosixBackend;

/// <summary>
/// The oplock state machine of the posix backend (MS-SMB2 3.3.5.9, 3.3.4.6, 3.3.5.22.1; MS-FSA
/// 2.1.5.17): what a CREATE is granted, which opens break which oplocks, the wait for the holder's
/// acknowledgment (or close, or the break timer), and the level II breaks of writes, locks and size
/// changes. The cases follow smbtorture's smb2.oplock where it has one.
/// </summary>
public class OplockTests
{
    private const uint StatAccess = (uint)(AccessMask.FileReadAttributes | AccessMask.FileWriteAttributes | AccessMask.Synchronize);

    /// <summary>The breaks the SMB layer would send, per handle, in order.</summary>
    private sealed class Breaks
    {
        public readonly List<(NtvfsHandle Handle, Smb2OplockLevel Level)> Seen = new();

        public void Watch(NtvfsHandle h) => h.SetOplockBreakHandler((handle, level) => { lock (Seen) Seen.Add((handle, level)); });

        public int Count
        {
            get { lock (Seen) return Seen.Count; }
        }
    }

    private static TeventReq CreateSend(BackendFixture f, string path, Smb2OplockLevel oplock, uint access = BackendFixture.ReadWrite,
        Smb2CreateDisposition disposition = Smb2CreateDisposition.OpenIf, Smb2ShareAccess share = BackendFixture.ShareAll,
        Action? goingAsync = null)
        => f.Backend.CreateSend(f.Request with { GoingAsync = goingAsync },
            new NtvfsCreateArgs(path, access, 0, share, disposition, 0, oplock));

    private static NtvfsHandle Open(BackendFixture f, string path, Smb2OplockLevel requested, out Smb2OplockLevel granted,
        uint access = BackendFixture.ReadWrite, Smb2ShareAccess share = BackendFixture.ShareAll)
    {
        NtStatus status = f.Create(path, out NtvfsCreateResult result, access, share: share, oplock: requested);
        Assert.True(status.IsSuccess, $"create {path}: {status}");
        granted = result.OplockLevel;
        return result.Handle;
    }

    private static NtStatus Ack(BackendFixture f, NtvfsHandle h, Smb2OplockLevel level, out Smb2OplockLevel granted)
        => f.Run(f.Backend.OplockBreakAckSend(f.Request, h, level), out granted);

    /// <summary>Runs the loop until <paramref name="done"/> holds (breaks arrive from thread jobs).</summary>
    private static void LoopUntil(BackendFixture f, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting on the loop");
            f.Ev.LoopOnce(TimeSpan.FromMilliseconds(10));
        }
    }

    [Theory]
    [InlineData(Smb2OplockLevel.Batch)]
    [InlineData(Smb2OplockLevel.Exclusive)]
    [InlineData(Smb2OplockLevel.II)]
    [InlineData(Smb2OplockLevel.None)]
    public void TheOnlyOpenGetsTheLevelItAsks(Smb2OplockLevel level)
    {
        using var f = new BackendFixture();
        NtvfsHandle h = Open(f, "a.txt", level, out Smb2OplockLevel granted);
        Assert.Equal(level, granted);
        Assert.Equal(level == Smb2OplockLevel.None ? 0 : 1, f.Backend.ShareModes.OplockCount);
        f.Close(h);
        Assert.Equal(0, f.Backend.ShareModes.OplockCount);
    }

    [Fact]
    public void LeasesDirectoriesAndDisabledSharesGetNone()
    {
        using (var f = new BackendFixture())
        {
            Open(f, "lease.txt", Smb2OplockLevel.Lease, out Smb2OplockLevel granted);
            Assert.Equal(Smb2OplockLevel.None, granted);
            Assert.Equal(NtStatus.Success, f.Create("dir", out NtvfsCreateResult dir, options: Smb2CreateOptions.DirectoryFile,
                oplock: Smb2OplockLevel.Batch));
            Assert.Equal(Smb2OplockLevel.None, dir.OplockLevel);
        }
        using var off = new BackendFixture();
        var tree = new NtvfsTree(off.Options with { Oplocks = false }, off.Backend, off.Session);
        var request = new NtvfsRequest(off.Ev, tree, null);
        Assert.Equal(NtStatus.Success, off.Run<bool>(off.Backend.ConnectSend(request), out _));
        Assert.Equal(NtStatus.Success, off.Run(off.Backend.CreateSend(request, new NtvfsCreateArgs("x.txt", BackendFixture.ReadWrite, 0,
            BackendFixture.ShareAll, Smb2CreateDisposition.OpenIf, 0, Smb2OplockLevel.Batch)), out NtvfsCreateResult created));
        Assert.Equal(Smb2OplockLevel.None, created.OplockLevel);
        Assert.Equal(NtStatus.Success, off.Run(off.Backend.CloseSend(request, created.Handle, false), out NtvfsCloseResult _));
        off.Run<bool>(off.Backend.DisconnectSend(request), out _);
    }

    [Fact]
    public void SecondOpenBreaksExclusiveToLevelIIAndWaitsForTheAcknowledgment()
    {
        using var f = new BackendFixture();
        var breaks = new Breaks();
        NtvfsHandle h1 = Open(f, "x.txt", Smb2OplockLevel.Exclusive, out _);
        breaks.Watch(h1);
        bool wentAsync = false;
        TeventReq second = CreateSend(f, "x.txt", Smb2OplockLevel.Exclusive, goingAsync: () => wentAsync = true);
        // The break reaches the holder from the thread job, before the job's own result reaches the loop.
        LoopUntil(f, () => breaks.Count == 1 && wentAsync);
        Assert.Equal((h1, Smb2OplockLevel.II), breaks.Seen[0]);
        Assert.True(second.IsInProgress);
        Assert.True(wentAsync);
        Assert.Equal(1, f.Backend.ShareModes.BreakWaiterCount);

        Assert.Equal(NtStatus.Success, Ack(f, h1, Smb2OplockLevel.II, out Smb2OplockLevel now));
        Assert.Equal(Smb2OplockLevel.II, now);
        Assert.Equal(NtStatus.Success, f.Run(second, out NtvfsCreateResult created));
        Assert.Equal(Smb2OplockLevel.II, created.OplockLevel);
        Assert.Equal(0, f.Backend.ShareModes.BreakWaiterCount);

        // No break in progress any more: a second acknowledgment is refused (smbtorture levelii500).
        Assert.Equal(NtStatus.InvalidOplockProtocol, Ack(f, h1, Smb2OplockLevel.None, out _));
        f.Close(created.Handle);
        f.Close(h1);
        Assert.Equal(0, f.Backend.ShareModes.OplockCount);
        Assert.Equal(0, f.Backend.OpenHandleCount);
    }

    [Fact]
    public void AcknowledgingAHigherLevelThanOfferedEndsTheBreakAtNone()
    {
        using var f = new BackendFixture();
        var breaks = new Breaks();
        NtvfsHandle h1 = Open(f, "o.txt", Smb2OplockLevel.Batch, out _);
        breaks.Watch(h1);
        // An overwrite breaks to none (smbtorture smb2.oplock.exclusive9).
        TeventReq second = CreateSend(f, "o.txt", Smb2OplockLevel.Batch, disposition: Smb2CreateDisposition.OverwriteIf);
        LoopUntil(f, () => breaks.Count == 1);
        Assert.Equal(Smb2OplockLevel.None, breaks.Seen[0].Level);
        Assert.Equal(NtStatus.InvalidOplockProtocol, Ack(f, h1, Smb2OplockLevel.II, out Smb2OplockLevel now));
        Assert.Equal(Smb2OplockLevel.None, now);
        Assert.Equal(NtStatus.Success, f.Run(second, out NtvfsCreateResult created));
        Assert.Equal(Smb2OplockLevel.II, created.OplockLevel);
        f.Close(created.Handle);
        f.Close(h1);
    }

    [Fact]
    public void ClosingTheHolderLetsTheWaiterIn()
    {
        using var f = new BackendFixture();
        var breaks = new Breaks();
        NtvfsHandle h1 = Open(f, "c.txt", Smb2OplockLevel.Batch, out _, share: 0);
        breaks.Watch(h1);
        // A sharing violation breaks a batch oplock first (smbtorture smb2.oplock.batch1, batch7).
        TeventReq second = CreateSend(f, "c.txt", Smb2OplockLevel.Batch, share: 0);
        LoopUntil(f, () => breaks.Count == 1);
        Assert.Equal(Smb2OplockLevel.II, breaks.Seen[0].Level);
        f.Close(h1);
        Assert.Equal(NtStatus.Success, f.Run(second, out NtvfsCreateResult created));
        Assert.Equal(Smb2OplockLevel.Batch, created.OplockLevel);
        f.Close(created.Handle);
        Assert.Equal(0, f.Backend.ShareModes.BreakWaiterCount);
    }

    [Fact]
    public void ASharingViolationDoesNotBreakAnExclusiveOplock()
    {
        using var f = new BackendFixture();
        var breaks = new Breaks();
        NtvfsHandle h1 = Open(f, "e.txt", Smb2OplockLevel.Exclusive, out _, share: 0);
        breaks.Watch(h1);
        Assert.Equal(NtStatus.SharingViolation, f.Create("e.txt", out _, share: 0, oplock: Smb2OplockLevel.Exclusive));
        f.Ev.LoopOnce(TimeSpan.FromMilliseconds(10));
        Assert.Equal(0, breaks.Count);
        f.Close(h1);
    }

    [Fact]
    public void StatOpensNeitherBreakNorGetOplocks()
    {
        using var f = new BackendFixture();
        var breaks = new Breaks();
        NtvfsHandle h1 = Open(f, "s.txt", Smb2OplockLevel.Batch, out _);
        breaks.Watch(h1);
        NtvfsHandle stat = Open(f, "s.txt", Smb2OplockLevel.Batch, out Smb2OplockLevel granted, access: StatAccess);
        Assert.Equal(Smb2OplockLevel.None, granted);
        f.Ev.LoopOnce(TimeSpan.FromMilliseconds(10));
        Assert.Equal(0, breaks.Count);
        f.Close(stat);
        f.Close(h1);
    }

    [Fact]
    public void WritesLocksAndSizeChangesBreakLevelIIToNoneWithoutWaiting()
    {
        using var f = new BackendFixture();
        var breaks = new Breaks();
        NtvfsHandle h1 = Open(f, "w.txt", Smb2OplockLevel.II, out Smb2OplockLevel g1);
        NtvfsHandle h2 = Open(f, "w.txt", Smb2OplockLevel.Batch, out Smb2OplockLevel g2);
        Assert.Equal(Smb2OplockLevel.II, g1);
        Assert.Equal(Smb2OplockLevel.II, g2);
        breaks.Watch(h1);
        breaks.Watch(h2);
        // The writer's own level II oplock breaks too (smbtorture smb2.oplock.batch1, batch6).
        Assert.Equal(NtStatus.Success, f.Write(h1, 0, "x", out _));
        LoopUntil(f, () => breaks.Count == 2);
        Assert.All(breaks.Seen, b => Assert.Equal(Smb2OplockLevel.None, b.Level));
        Assert.Equal(0, f.Backend.ShareModes.OplockCount);
        // Nothing to acknowledge after a level II break.
        Assert.Equal(NtStatus.InvalidOplockProtocol, Ack(f, h2, Smb2OplockLevel.None, out _));
        f.Close(h1);
        f.Close(h2);

        NtvfsHandle h3 = Open(f, "w.txt", Smb2OplockLevel.II, out _);
        breaks.Watch(h3);
        Assert.Equal(NtStatus.Success, f.Lock(h3, new NtvfsLockElement(0, 1, true, false, true)));
        LoopUntil(f, () => breaks.Count == 3);
        f.Close(h3);

        NtvfsHandle h4 = Open(f, "w.txt", Smb2OplockLevel.II, out _);
        breaks.Watch(h4);
        Assert.Equal(NtStatus.Success, f.SetFile(h4, Protocol.Fscc.FileInformationClass.FileEndOfFileInformation, new byte[8]));
        LoopUntil(f, () => breaks.Count == 4);
        f.Close(h4);
    }

    [Fact]
    public void WithoutLevel2OplocksBreaksGoToNone()
    {
        using var f = new BackendFixture(level2Oplocks: false);
        var breaks = new Breaks();
        NtvfsHandle h1 = Open(f, "n.txt", Smb2OplockLevel.Batch, out _);
        breaks.Watch(h1);
        TeventReq second = CreateSend(f, "n.txt", Smb2OplockLevel.Batch);
        LoopUntil(f, () => breaks.Count == 1);
        Assert.Equal(Smb2OplockLevel.None, breaks.Seen[0].Level);
        Assert.Equal(NtStatus.Success, Ack(f, h1, Smb2OplockLevel.None, out _));
        Assert.Equal(NtStatus.Success, f.Run(second, out NtvfsCreateResult created));
        Assert.Equal(Smb2OplockLevel.None, created.OplockLevel);
        f.Close(created.Handle);
        f.Close(h1);
    }

    [Fact]
    public void TheBreakTimesOutAtNone()
    {
        var clock = new ManualClock();
        using var f = new BackendFixture(clock: clock);
        var breaks = new Breaks();
        NtvfsHandle h1 = Open(f, "t.txt", Smb2OplockLevel.Batch, out _);
        breaks.Watch(h1);
        bool waiting = false;
        TeventReq second = CreateSend(f, "t.txt", Smb2OplockLevel.Batch, goingAsync: () => waiting = true);
        LoopUntil(f, () => breaks.Count == 1 && waiting);
        clock.Advance(f.Backend.OplockBreakTimeout - TimeSpan.FromSeconds(1));
        f.Ev.LoopOnce(TimeSpan.Zero);
        Assert.True(second.IsInProgress);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(NtStatus.Success, f.Run(second, out NtvfsCreateResult created));
        // MS-SMB2 3.3.6.1: the holder lost its oplock; its late acknowledgment finds no break.
        Assert.Equal(Smb2OplockLevel.II, created.OplockLevel);
        Assert.Equal(NtStatus.InvalidOplockProtocol, Ack(f, h1, Smb2OplockLevel.II, out _));
        f.Close(created.Handle);
        f.Close(h1);
        Assert.Equal(0, f.Backend.ShareModes.OplockCount);
    }

    [Fact]
    public void CancellingTheWaitingCreateLeavesNothingBehind()
    {
        using var f = new BackendFixture();
        var breaks = new Breaks();
        NtvfsHandle h1 = Open(f, "k.txt", Smb2OplockLevel.Batch, out _);
        breaks.Watch(h1);
        bool waiting = false;
        TeventReq second = CreateSend(f, "k.txt", Smb2OplockLevel.Batch, goingAsync: () => waiting = true);
        LoopUntil(f, () => breaks.Count == 1 && waiting);
        Assert.True(second.Cancel());
        Assert.Equal(NtStatus.Cancelled, f.Run(second, out NtvfsCreateResult _));
        Assert.Equal(0, f.Backend.ShareModes.BreakWaiterCount);
        Assert.Equal(1, f.Backend.OpenHandleCount);
        Assert.Equal(NtStatus.Success, Ack(f, h1, Smb2OplockLevel.II, out _));
        f.Close(h1);
        Assert.Equal(0, f.Backend.OpenHandleCount);
    }

    [Fact]
    public void ABreakReachesTheHolderOnItsOwnLoopAndItsAcknowledgmentWakesTheOpener()
    {
        using var f = new BackendFixture();
        using var opened = new ManualResetEventSlim();
        using var stop = new ManualResetEventSlim();
        var breaks = new Breaks();
        int breakThread = 0;
        NtStatus ackStatus = NtStatus.Unsuccessful;
        Smb2OplockLevel holderLevel = Smb2OplockLevel.None;
        var other = new Thread(() =>
        {
            // The holder: another connection with its own loop, as on another core.
            var ev = new EventContext(name: "holder");
            var tree = new NtvfsTree(f.Options, f.Backend, f.Session with { SessionId = 8 });
            var request = new NtvfsRequest(ev, tree, null);
            Run<bool>(ev, f.Backend.ConnectSend(request), out _);
            Run(ev, f.Backend.CreateSend(request, new NtvfsCreateArgs("x.txt", BackendFixture.ReadWrite, 0,
                BackendFixture.ShareAll, Smb2CreateDisposition.OpenIf, 0, Smb2OplockLevel.Batch)), out NtvfsCreateResult created);
            holderLevel = created.OplockLevel;
            bool broken = false;
            created.Handle.SetOplockBreakHandler((h, level) =>
            {
                breakThread = Environment.CurrentManagedThreadId;
                lock (breaks.Seen) breaks.Seen.Add((h, level));
                broken = true;
            });
            opened.Set();
            ev.LoopUntil(() => broken);
            ackStatus = Run(ev, f.Backend.OplockBreakAckSend(request, created.Handle, Smb2OplockLevel.II), out Smb2OplockLevel _);
            stop.Wait();
            Run<NtvfsCloseResult>(ev, f.Backend.CloseSend(request, created.Handle, false), out _);
            Run<bool>(ev, f.Backend.DisconnectSend(request), out _);
        });
        other.Start();
        Assert.True(opened.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(Smb2OplockLevel.Batch, holderLevel);
        Assert.Equal(NtStatus.Success, f.Run(CreateSend(f, "x.txt", Smb2OplockLevel.Batch), out NtvfsCreateResult mine));
        Assert.Equal(Smb2OplockLevel.II, mine.OplockLevel);
        Assert.Equal(other.ManagedThreadId, breakThread);
        Assert.Equal(Smb2OplockLevel.II, breaks.Seen.Single().Level);
        stop.Set();
        Assert.True(other.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(NtStatus.Success, ackStatus);
        f.Close(mine.Handle);
        Assert.Equal(0, f.Backend.OpenHandleCount);
        Assert.Equal(0, f.Backend.ShareModes.OplockCount);
        Assert.Equal(0, f.Backend.ShareModes.FileCount);
    }

    private static NtStatus Run<T>(EventContext ev, TeventReq req, out T result)
    {
        ev.LoopUntil(req);
        return NtvfsOp.Recv(req, out result);
    }

    /// <summary>A clock that moves only when told to, so the 35 s break timer is tested without sleeping.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _now = 1_000_000;
        public override long TimestampFrequency => 1_000_000;
        public override long GetTimestamp() => Interlocked.Read(ref _now);
        public void Advance(TimeSpan by) => Interlocked.Add(ref _now, (long)(by.TotalSeconds * TimestampFrequency));
    }
}
