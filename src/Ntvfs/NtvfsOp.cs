using Protocol;
using TEvent;

namespace Ntvfs;

/// <summary>
/// The one request shape every NTVFS operation uses: a <see cref="TeventReq"/> whose state holds an
/// <see cref="NtStatus"/> and a typed result. A backend starts one with <see cref="Create{T}"/>,
/// finishes it with <see cref="Complete{T}"/> (or <see cref="Post{T}"/> when the answer is known inside
/// its _send), and the caller collects it with <see cref="Recv{T}"/>. Loop thread only.
/// </summary>
public static class NtvfsOp
{
    public sealed class State<T> : IReusableState
    {
        public T Result = default!;
        public object? Backend;
        public void Reset()
        {
            Result = default!;
            Backend = null;
        }
    }

    public static TeventReq Create<T>(EventContext ev, out State<T> state, string? location = null)
        => TeventReq.Create(ev, out state, location);

    /// <summary>Completes a request made by <see cref="Create{T}"/> with a status and (on success) a result.</summary>
    public static void Complete<T>(TeventReq req, NtStatus status, T result)
    {
        req.StateAs<State<T>>().Result = result;
        if (status.IsError) req.Error(status.Value);
        else
        {
            // Warning and informational statuses (BUFFER_OVERFLOW, NOTIFY_ENUM_DIR) still carry data.
            req.StateAs<State<T>>().Backend = status.Value == 0 ? null : (object)status;
            req.Done();
        }
    }

    /// <summary>A request already answered: its callback is delivered from an immediate event.</summary>
    public static TeventReq Post<T>(EventContext ev, NtStatus status, T result)
    {
        var req = Create(ev, out State<T> _);
        Complete(req, status, result);
        return req.Post();
    }

    public static TeventReq Post<T>(EventContext ev, NtStatus status) => Post<T>(ev, status, default!);

    /// <summary>The status (errors from TEvent, such as STATUS_CANCELLED, included) and the result.</summary>
    public static NtStatus Recv<T>(TeventReq req, out T result)
    {
        var state = req.StateAs<State<T>>();
        NtStatus status;
        if (req.IsError(out uint code)) { status = new NtStatus(code); result = state.Result; }
        else
        {
            status = state.Backend is NtStatus warning ? warning : NtStatus.Success;
            result = state.Result;
        }
        req.Received();
        return status;
    }
}
