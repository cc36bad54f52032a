namespace TEvent;

/// <summary>
/// Blocking work as a request (QIOTask / pthreadpool_tevent): <see cref="Send{T}(EventContext, Func{T}, string?)"/>
/// runs the worker on a <see cref="ThreadJobPool"/> thread, never on the loop; its completion comes
/// back to the owning loop as a threaded immediate, where the request completes and its callback
/// runs. The worker must not touch loop state. A worker that throws fails the request with
/// <see cref="TeventError.InternalError"/> and a log line; expected failures (errno) belong in
/// <typeparamref name="T"/>.
/// </summary>
public static partial class ThreadJob
{
    public static TeventReq Send<T>(EventContext ev, Func<T> worker, string? location = null)
        => Send(ev, worker, ThreadJobPool.Shared, location);

    /// <summary>As <see cref="Send{T}(EventContext, Func{T}, string?)"/> on a given pool.</summary>
    public static TeventReq Send<T>(EventContext ev, Func<T> worker, ThreadJobPool pool, string? location = null)
    {
        var req = TeventReq.Create(ev, out JobState<T> state, location);
        state.Req = req;
        state.Generation = req.Generation;
        state.Worker = worker;
        req.SetCancelFn(static r => r.StateAs<JobState<T>>().TryCancel());
        pool.Submit(state);
        return req;
    }

    /// <summary>The worker's result, or the error code (STATUS_CANCELLED, STATUS_INTERNAL_ERROR).</summary>
    public static uint Recv<T>(TeventReq req, out T result)
    {
        var state = req.StateAs<JobState<T>>();
        bool failed = req.IsError(out uint code);
        result = failed ? default! : state.Result;
        req.Received();
        return code;
    }

    private const int Queued = 0, Running = 1, Cancelled = 2;

    // Not pooled: after a cancellation the worker thread may still hold it.
    private sealed class JobState<T> : IThreadJob
    {
        private static readonly Action<object?> CompleteOnLoop = o => ((JobState<T>)o!).Complete();

        public TeventReq Req = null!;
        public int Generation;
        public Func<T> Worker = null!;
        public T Result = default!;
        private Exception? _exception;
        private int _phase;

        public void Execute()
        {
            if (Interlocked.CompareExchange(ref _phase, Running, Queued) != Queued) return;
            try { Result = Worker(); }
            catch (Exception e) { _exception = e; }
            Req.Ev.PostThreaded(CompleteOnLoop, this);
        }

        public bool TryCancel()
        {
            // Only a job that has not started can be cancelled: a blocking call cannot be interrupted.
            if (Req.Generation != Generation) return false;
            if (Interlocked.CompareExchange(ref _phase, Cancelled, Queued) != Queued) return false;
            Req.Error(TeventError.Cancelled);
            return true;
        }

        private void Complete()
        {
            // Timed out (and perhaps received and reused) meanwhile: the result goes nowhere.
            if (Req.Generation != Generation || !Req.IsInProgress) return;
            if (_exception != null)
            {
                LogWorkerFailed(Req.Ev.Logger, Req.Location ?? "thread job", _exception);
                Req.Error(TeventError.InternalError);
            }
            else Req.Done();
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 3, Level = Microsoft.Extensions.Logging.LogLevel.Error,
        Message = "Thread job {Location} threw; its request completes with STATUS_INTERNAL_ERROR")]
    private static partial void LogWorkerFailed(Microsoft.Extensions.Logging.ILogger logger, string location, Exception exception);
}
