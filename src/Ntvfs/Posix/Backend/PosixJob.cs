using Protocol;
using TEvent;

namespace Ntvfs.Posix.Backend;

/// <summary>What the blocking part of an operation produced: a status and, on success or a warning, a result.</summary>
internal readonly record struct Outcome<T>(NtStatus Status, T Result)
{
    public static Outcome<T> Fail(NtStatus status) => new(status, default!);
}

/// <summary>
/// The shape of most posix operations: checks on the loop, then one thread job that makes the
/// system calls (the loop never blocks on disk), then an optional step back on the loop that
/// applies the result to loop-owned state, then the <see cref="NtvfsOp"/> request completes.
/// </summary>
/// <remarks>
/// Cancelling the returned request cancels the thread job if it has not started (then the request
/// ends with STATUS_CANCELLED); a job already running finishes, since a system call in progress
/// cannot be interrupted. If the request ended some other way meanwhile (its end time passed), the
/// outcome goes to <c>abandon</c> so resources it carries (a new handle) are released.
/// </remarks>
internal static class PosixJob
{
    /// <summary>The worker's outcome is the operation's result, optionally adjusted on the loop.</summary>
    public static TeventReq Send<T>(EventContext ev, Func<Outcome<T>> worker,
        Func<Outcome<T>, Outcome<T>>? onLoop = null, Action<Outcome<T>>? abandon = null, string? location = null,
        bool cancellable = true)
        => SendMapped<T, T>(ev, worker, onLoop ?? (static o => o), abandon, location, cancellable);

    /// <summary>
    /// The worker produces <typeparamref name="TWork"/>; the loop step turns it into the operation's
    /// result. <paramref name="cancellable"/> false for work that must run once started on the loop
    /// (a close has already retired its handle).
    /// </summary>
    public static TeventReq SendMapped<TWork, TResult>(EventContext ev, Func<Outcome<TWork>> worker,
        Func<Outcome<TWork>, Outcome<TResult>> onLoop, Action<Outcome<TWork>>? abandon = null, string? location = null,
        bool cancellable = true)
    {
        var req = NtvfsOp.Create<TResult>(ev, out NtvfsOp.State<TResult> _, location);
        var job = new Job<TWork, TResult>(req, onLoop, abandon) { Worker = worker };
        TeventReq subreq = ThreadJob.Send(ev, job.Run, location);
        job.Subreq = subreq;
        subreq.SetCallback(job.Done);
        if (cancellable)
            req.SetCancelFn(job.Cancel);
        req.SetCleanupFn(job.OuterEnded);
        return req;
    }

    private sealed class Job<TWork, TResult>(TeventReq req, Func<Outcome<TWork>, Outcome<TResult>> onLoop,
        Action<Outcome<TWork>>? abandon)
    {
        public TeventReq? Subreq;
        public Func<Outcome<TWork>> Worker = null!;

        /// <summary>
        /// On the job thread. A handle closed on the loop while its job waited in the queue (a tree
        /// disconnect or logoff releasing it) has a disposed descriptor: the call then throws
        /// ObjectDisposedException before reaching the kernel (the descriptor number is never reused
        /// under us), and the operation ends STATUS_FILE_CLOSED, not INTERNAL_ERROR.
        /// </summary>
        public Outcome<TWork> Run()
        {
            try { return Worker(); }
            catch (ObjectDisposedException) { return Outcome<TWork>.Fail(NtStatus.FileClosed); }
        }

        /// <summary>
        /// The outer request completed or was received: from then on it is not ours to touch (once
        /// received, the object is recycled for another request).
        /// </summary>
        private bool _ended;

        public bool Cancel(TeventReq _) => Subreq is { IsInProgress: true } s && s.Cancel();

        public void OuterEnded(TeventReq _, TeventReqState state) => _ended = true;

        public void Done(TeventReq subreq)
        {
            Subreq = null;
            uint code = ThreadJob.Recv(subreq, out Outcome<TWork> outcome);
            if (code != 0)
            {
                if (!_ended)
                    NtvfsOp.Complete(req, new NtStatus(code), default(TResult)!);
                return;
            }
            if (_ended)
            {
                abandon?.Invoke(outcome);
                return;
            }
            Outcome<TResult> result = onLoop(outcome);
            NtvfsOp.Complete(req, result.Status, result.Result);
        }
    }
}
