using TEvent;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// The creates one loop starts within one round, run together in one thread job. Loop-owned (one
/// per loop thread); the job's worker only runs the queued opens, one after the other.
/// </summary>
/// <remarks>
/// Why: a thread job costs two thread switches (waking a worker, then waking the loop with the
/// result), which on a busy machine outweighs the system calls of an open several times over.
/// Clients keep several CREATEs in flight (and a loop serves several connections), so the creates
/// that arrive in one loop round share one job: the first schedules an immediate event, which runs
/// at the start of the next round and submits everything queued by then. The opens of a batch run
/// in order on one worker; on two cores running them side by side would gain nothing. Cancelling
/// a create that has not started takes it out (<see cref="PendingCreate"/>); one that is running
/// finishes, as with any thread job.
/// </remarks>
internal sealed class CreateJobBatch
{
    [ThreadStatic]
    private static CreateJobBatch? t_batch;

    private static readonly Action<object?> FlushOnLoop = o => ((CreateJobBatch)o!).Flush();

    private readonly EventContext _ev;
    private List<PendingCreate> _queued = new();
    private bool _flushScheduled;

    private CreateJobBatch(EventContext ev) => _ev = ev;

    /// <summary>On <paramref name="ev"/>'s loop: queues <paramref name="create"/> for the job submitted at the next round.</summary>
    public static void Add(EventContext ev, PendingCreate create)
    {
        CreateJobBatch? batch = t_batch;
        if (batch is null || !ReferenceEquals(batch._ev, ev))
            t_batch = batch = new CreateJobBatch(ev);
        batch._queued.Add(create);
        if (!batch._flushScheduled)
        {
            batch._flushScheduled = true;
            ev.ScheduleImmediate(FlushOnLoop, batch);
        }
    }

    private void Flush()
    {
        _flushScheduled = false;
        var job = new Job(_queued);
        _queued = new List<PendingCreate>();
        TeventReq subreq = ThreadJob.Send(_ev, job.Run, "posix create");
        subreq.SetCallback(job.Done);
    }

    private sealed class Job(List<PendingCreate> creates)
    {
        /// <summary>On the worker.</summary>
        public int Run()
        {
            foreach (PendingCreate create in creates)
                create.RunInJob();
            return creates.Count;
        }

        /// <summary>On the loop.</summary>
        public void Done(TeventReq subreq)
        {
            uint code = ThreadJob.Recv(subreq, out int _);
            foreach (PendingCreate create in creates)
                create.JobDone(code);
        }
    }
}
