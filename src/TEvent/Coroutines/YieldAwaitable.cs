using System.Runtime.CompilerServices;

namespace TEvent.Coroutines;

/// <summary>
/// What <see cref="Coroutine.Yield"/> returns: the only awaitable a coroutine body may await.
/// The result is true when the sub-request completed, false when the coroutine was cancelled
/// (the body should then return without continuing its work).
/// </summary>
public readonly struct YieldAwaitable(Coroutine co, TeventReq? subreq)
{
    public YieldAwaiter GetAwaiter() => new(co, subreq);
}

public readonly struct YieldAwaiter(Coroutine co, TeventReq? subreq) : ICriticalNotifyCompletion
{
    internal Coroutine Coroutine => co;
    internal TeventReq? Subreq => subreq;

    /// <summary>Already cancelled: nothing to wait for, <see cref="GetResult"/> is false at once.</summary>
    public bool IsCompleted => co.IsCancelled;

    public bool GetResult() => !co.ConsumeResumeCancelled();

    // The builder arms the yield itself (it needs the state machine); these are never reached when
    // the awaiter is awaited inside a coroutine body, which is the only place it may be awaited.
    public void OnCompleted(Action continuation) => throw Coroutine.ForeignAwait();
    public void UnsafeOnCompleted(Action continuation) => throw Coroutine.ForeignAwait();
}
