using System.IO.Pipelines;

namespace TEvent;

/// <summary>
/// A <see cref="PipeScheduler"/> that runs System.IO.Pipelines continuations on the loop, so all
/// protocol processing of a connection happens on its loop thread. Continuations coming from socket
/// completion threads enter through the threaded-immediate queue; those raised on the loop itself are
/// plain immediates.
/// </summary>
internal sealed class LoopPipeScheduler(EventContext ev) : PipeScheduler
{
    public override void Schedule(Action<object?> action, object? state) => ev.PostThreaded(action, state);
}
