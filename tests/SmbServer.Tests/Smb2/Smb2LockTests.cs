using Ntvfs;
using Protocol;
using Protocol.Smb2;
using SmbServer.Smb2;

namespace SmbServer.Tests.Smb2;

public class Smb2LockTests
{
    private const Smb2LockFlags S = Smb2LockFlags.SharedLock;
    private const Smb2LockFlags X = Smb2LockFlags.ExclusiveLock;
    private const Smb2LockFlags U = Smb2LockFlags.Unlock;
    private const Smb2LockFlags F = Smb2LockFlags.FailImmediately;

    private static Smb2LockElement E(Smb2LockFlags flags, ulong offset = 0, ulong length = 10) => new(offset, length, flags);

    [Fact]
    public void ALoneLockWithoutFailImmediatelyBlocks()
    {
        Assert.Equal(NtStatus.Success, Smb2Lock.BuildPlan([E(X, 100, 5)], out var plan));
        Assert.True(plan.Blocking);
        var element = Assert.Single(plan.Elements);
        Assert.Equal(new NtvfsLockElement(100, 5, Exclusive: true, Unlock: false, FailImmediately: false), element);
    }

    [Fact]
    public void SeveralFailImmediatelyLocksAreOneAllOrNothingRequest()
    {
        Assert.Equal(NtStatus.Success, Smb2Lock.BuildPlan([E(S | F, 0), E(X | F, 20)], out var plan));
        Assert.False(plan.Blocking);
        Assert.Equal(2, plan.Elements.Length);
        Assert.False(plan.Elements[0].Exclusive);
        Assert.True(plan.Elements[1].Exclusive);
        Assert.All(plan.Elements, e => Assert.True(e.FailImmediately));
    }

    [Theory]
    [InlineData(new[] { S, S | F })]        // a blocking lock among others (3.3.5.14.2)
    [InlineData(new[] { S | F, X })]        // ... wherever it is
    [InlineData(new[] { S | X })]           // shared and exclusive at once
    [InlineData(new[] { F })]               // neither
    [InlineData(new[] { U | F })]           // an unlock with other bits
    [InlineData(new[] { S | F, U })]        // lock and unlock mixed
    [InlineData(new[] { (Smb2LockFlags)0x20 | S })] // an undefined bit
    public void InvalidFlagCombinations(Smb2LockFlags[] flags)
    {
        var locks = flags.Select(f => E(f)).ToArray();
        Assert.Equal(NtStatus.InvalidParameter, Smb2Lock.BuildPlan(locks, out _));
    }

    [Fact]
    public void UnlocksBeforeABadElementAreDoneThenTheRequestFails()
    {
        Assert.Equal(NtStatus.Success, Smb2Lock.BuildPlan([E(U, 0), E(U, 10), E(S | F, 20), E(U, 30)], out var plan));
        Assert.Equal(2, plan.Elements.Length);
        Assert.All(plan.Elements, e => Assert.True(e.Unlock));
        Assert.Equal(NtStatus.InvalidParameter, plan.StatusAfter);

        Assert.Equal(NtStatus.Success, Smb2Lock.BuildPlan([E(U, 0), E(U, 10)], out plan));
        Assert.Equal(NtStatus.Success, plan.StatusAfter);
    }

    [Theory]
    [InlineData(0xFFFFFFFFFFFFFFFFul, 1ul, 0x00000000u)] // the last byte is 2^64 - 1: fine
    [InlineData(0xFFFFFFFFFFFFFFFFul, 2ul, 0xC00001A1u)] // past it: INVALID_LOCK_RANGE
    [InlineData(0xFFFFFFFFFFFFFFFFul, 0ul, 0x00000000u)] // a zero-length lock anywhere
    public void LockRangeMustEndWithin64Bits(ulong offset, ulong length, uint expected)
    {
        Assert.Equal(new NtStatus(expected), Smb2Lock.BuildPlan([E(X | F, offset, length)], out var plan));
        if (expected == 0) Assert.Equal(-1L, plan.Elements[0].Offset); // bit for bit into the signed field
    }

    [Fact]
    public void LockHandlerSendsThePlanAndAnswers()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        var r = h.Request(Smb2Command.Lock, (m, o) => new Smb2LockRequest(0, 0, fileId, 0).Write(m, o, [E(X | F, 8, 8)]));
        Assert.Equal(NtStatus.Success, h.Run(Smb2Lock.Handle, r));
        Assert.Single(h.Backend.LastLocks);
        Assert.False(h.Backend.LastRequest!.MayGoAsync);
        Assert.True(Smb2LockResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out _, out _));
        Assert.Equal(fileId, r.FileIdForNext);
    }

    [Fact]
    public void AConflictIsTheBackendsStatus()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.OnLock = () => NtStatus.LockNotGranted;
        var r = h.Request(Smb2Command.Lock, (m, o) => new Smb2LockRequest(0, 0, fileId, 0).Write(m, o, [E(X | F)]));
        Assert.Equal(NtStatus.LockNotGranted, h.Run(Smb2Lock.Handle, r));
    }

    [Fact]
    public void ABlockingLockMayWaitAndCancelEndsIt()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.HoldNext = true;
        var r = h.Request(Smb2Command.Lock, (m, o) => new Smb2LockRequest(0, 0, fileId, 0).Write(m, o, [E(X)]));
        var req = h.Start(Smb2Lock.Handle, r);
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        Assert.True(h.Backend.LastRequest!.MayGoAsync);
        Assert.True(r.IsAsync); // the interim STATUS_PENDING went out (MS-SMB2 3.3.4.2)
        Assert.True(req.Cancel());
        Assert.Equal(NtStatus.Cancelled, h.Finish(req));
    }

    [Fact]
    public void AWaitingLockWhoseTreeGoesAwayIsAnsweredSuccess()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.HoldNext = true;
        var r = h.Request(Smb2Command.Lock, (m, o) => new Smb2LockRequest(0, 0, fileId, 0).Write(m, o, [E(X)]));
        var req = h.Start(Smb2Lock.Handle, r);
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        h.Connection.TrackInFlight(r);
        h.Connection.CancelRequestsOf(h.Session, h.Tree, except: null); // what TREE_DISCONNECT does
        Assert.True(r.CancelledByTeardown);
        Assert.Equal(NtStatus.Success, h.Finish(req));
        Assert.True(Smb2LockResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out _, out _));
    }

    [Fact]
    public void AnUnlockRequestWithABadElementStillUnlocksTheFirstOnes()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        var r = h.Request(Smb2Command.Lock, (m, o) => new Smb2LockRequest(0, 0, fileId, 0).Write(m, o, [E(U), E(X | F)]));
        Assert.Equal(NtStatus.InvalidParameter, h.Run(Smb2Lock.Handle, r));
        Assert.True(Assert.Single(h.Backend.LastLocks).Unlock);
    }
}
