using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 LOCK (MS-SMB2 3.3.5.14): a request either unlocks ranges or locks them, never both. A lone
/// lock without SMB2_LOCKFLAG_FAIL_IMMEDIATELY waits for the range (blocking): it goes async and
/// CANCEL ends it. The lock sequence (replay detection) applies only to resilient, durable and
/// persistent opens, which this server does not grant, so it is not checked.
/// </summary>
public static class Smb2Lock
{
    /// <summary>What a LOCK request asks of the backend, once its flags are checked.</summary>
    public readonly record struct Plan(NtvfsLockElement[] Elements, bool Blocking, NtStatus StatusAfter);

    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var message = r.Message;
        if (!Smb2LockRequest.TryParse(message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        var status = Smb2HandlerSupport.FindOpen(r, request.FileId, out var open);
        if (status.IsError) return status;
        var locks = new Smb2LockElement[request.LockCount];
        for (int i = 0; i < locks.Length; i++) locks[i] = request.GetLock(message, i);
        status = BuildPlan(locks, out var plan);
        if (status.IsError) return status;

        if (plan.Elements.Length > 0)
        {
            var sub = open.Tree.Ntvfs.Backend.LockSend(Smb2HandlerSupport.NtvfsRequestFor(r, mayGoAsync: plan.Blocking),
                open.Handle, plan.Elements);
            bool mayWait = !plan.Blocking || Smb2HandlerSupport.GoAsyncIfWaiting(r, sub);
            if (!await co.Yield(sub))
            {
                // A lock left waiting when its tree or session goes away is answered STATUS_SUCCESS,
                // as Windows and Samba do (smbtorture smb2.lock.cancel-tdis, cancel-logoff); only an
                // SMB2 CANCEL makes it STATUS_CANCELLED (MS-SMB2 3.3.5.16).
                if (!r.CancelledByTeardown) return NtStatus.Cancelled;
                status = NtStatus.Success;
            }
            else
            {
                status = NtvfsOp.Recv(sub, out bool _);
                if (!mayWait) status = Smb2HandlerSupport.AsyncRefusedStatus(status);
            }
            if (status.IsError) return status;
        }
        if (plan.StatusAfter.IsError) return plan.StatusAfter;

        var response = r.ResponseMessage(Smb2LockResponse.StructureSize);
        r.SetBody(new Smb2LockResponse().Write(response, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }

    /// <summary>
    /// Checks the flags (MS-SMB2 3.3.5.14.1, 3.3.5.14.2; the same combinations Samba accepts) and
    /// builds the backend's lock list:
    /// <list type="bullet">
    /// <item>The first element decides: SMB2_LOCKFLAG_UNLOCK alone makes an unlock request; a shared
    /// or exclusive lock, with or without FAIL_IMMEDIATELY, a lock request; anything else is
    /// STATUS_INVALID_PARAMETER.</item>
    /// <item>Unlocks are processed in order: the first element that is not a plain unlock stops
    /// processing with STATUS_INVALID_PARAMETER after the unlocks before it are done
    /// (<see cref="Plan.StatusAfter"/>).</item>
    /// <item>Locks are all or nothing: every element must be a lock, a blocking one (without
    /// FAIL_IMMEDIATELY) only when it is alone (3.3.5.14.2 SHOULD); a range whose last byte is past
    /// 2^64 - 1 is STATUS_INVALID_LOCK_RANGE (MS-FSA 2.1.5.7).</item>
    /// </list>
    /// Offsets and lengths reach the contract's signed fields bit for bit (unchecked).
    /// </summary>
    public static NtStatus BuildPlan(ReadOnlySpan<Smb2LockElement> locks, out Plan plan)
    {
        plan = new Plan([], false, NtStatus.Success);
        if (locks.IsEmpty) return NtStatus.InvalidParameter;
        var first = locks[0].Flags;
        if (first == Smb2LockFlags.Unlock) return BuildUnlockPlan(locks, out plan);
        if (!IsLock(first)) return NtStatus.InvalidParameter;

        bool blocking = (first & Smb2LockFlags.FailImmediately) == 0;
        if (blocking && locks.Length > 1) return NtStatus.InvalidParameter;
        var elements = new NtvfsLockElement[locks.Length];
        for (int i = 0; i < locks.Length; i++)
        {
            var element = locks[i];
            if (!IsLock(element.Flags)) return NtStatus.InvalidParameter;
            if (locks.Length > 1 && (element.Flags & Smb2LockFlags.FailImmediately) == 0) return NtStatus.InvalidParameter;
            if (element.Length != 0 && element.Offset + (element.Length - 1) < element.Offset) return NtStatus.InvalidLockRange;
            elements[i] = new NtvfsLockElement(
                Offset: unchecked((long)element.Offset),
                Length: unchecked((long)element.Length),
                Exclusive: (element.Flags & Smb2LockFlags.ExclusiveLock) != 0,
                Unlock: false,
                FailImmediately: !blocking);
        }
        plan = new Plan(elements, blocking, NtStatus.Success);
        return NtStatus.Success;
    }

    private static NtStatus BuildUnlockPlan(ReadOnlySpan<Smb2LockElement> locks, out Plan plan)
    {
        int valid = 0;
        while (valid < locks.Length && locks[valid].Flags == Smb2LockFlags.Unlock) valid++;
        var elements = new NtvfsLockElement[valid];
        for (int i = 0; i < valid; i++)
            elements[i] = new NtvfsLockElement(unchecked((long)locks[i].Offset), unchecked((long)locks[i].Length),
                Exclusive: false, Unlock: true, FailImmediately: true);
        plan = new Plan(elements, false, valid == locks.Length ? NtStatus.Success : NtStatus.InvalidParameter);
        return NtStatus.Success;
    }

    /// <summary>Exactly one of SHARED and EXCLUSIVE, optionally FAIL_IMMEDIATELY, nothing else.</summary>
    private static bool IsLock(Smb2LockFlags flags)
        => (flags & ~Smb2LockFlags.FailImmediately) is Smb2LockFlags.SharedLock or Smb2LockFlags.ExclusiveLock;
}
