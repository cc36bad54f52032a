namespace TEvent.Bench;

/// <summary>
/// The smallest request pair written the production way: IncrementSend knows its result at once, so
/// it completes the request inside the _send and returns <see cref="TeventReq.Post"/>; the caller's
/// callback is then delivered from an immediate event. The state is pooled (<see cref="IReusableState"/>).
/// </summary>
internal static class IncrementRequest
{
    internal sealed class IncrementState : IReusableState
    {
        public int Value;
        public void Reset() => Value = 0;
    }

    public static TeventReq IncrementSend(EventContext ev, int value)
    {
        var req = TeventReq.Create(ev, out IncrementState state);
        state.Value = value + 1;
        req.Done();
        return req.Post();
    }

    public static uint IncrementRecv(TeventReq req, out int value)
    {
        value = req.StateAs<IncrementState>().Value;
        return req.RecvStatus();
    }
}
