namespace TEvent.Tests;

public class TeventReqTests
{
    [Fact]
    public void CallbackNeverRunsInsideSendEvenWhenTheResultIsImmediate()
    {
        var ev = new EventContext();
        bool inSend = true, calledInSend = false, called = false;
        var req = TestRequests.ImmediateSend(ev, 42);
        req.SetCallback(r => { called = true; calledInSend = inSend; });
        inSend = false;
        Assert.False(called);
        ev.LoopOnce(TimeSpan.Zero);
        Assert.True(called);
        Assert.False(calledInSend);
    }

    [Fact]
    public void RecvReturnsResultsAndMarksReceived()
    {
        var ev = new EventContext();
        int value = 0;
        uint status = 1;
        var req = TestRequests.ImmediateSend(ev, 7);
        req.SetCallback(r => status = TestRequests.ImmediateRecv(r, out value));
        ev.LoopUntil(() => status != 1);
        Assert.Equal(0u, status);
        Assert.Equal(7, value);
    }

    [Fact]
    public void CompletionIsExactlyOnce()
    {
        var ev = new EventContext();
        var req = TestRequests.ManualSend(ev);
        req.Done();
        Assert.Throws<InvalidOperationException>(() => req.Done());
        Assert.Throws<InvalidOperationException>(() => req.Error(TeventError.Cancelled));
    }

    [Fact]
    public void RecvBeforeCompletionIsAProgrammingError()
    {
        var ev = new EventContext();
        var req = TestRequests.ManualSend(ev);
        Assert.Throws<InvalidOperationException>(() => req.RecvStatus());
    }

    [Fact]
    public void ErrorIsReportedByRecv()
    {
        var ev = new EventContext();
        var req = TestRequests.ManualSend(ev);
        uint status = 0;
        req.SetCallback(r => status = r.RecvStatus());
        req.Error(0xC0000022);
        Assert.Equal(0xC0000022u, status);
    }

    [Fact]
    public void EndTimeTimesOutWithIoTimeout()
    {
        var clock = new FakeClock();
        var ev = new EventContext(clock: clock);
        var req = TestRequests.ManualSend(ev);
        req.SetEndTime(TimeSpan.FromSeconds(3));
        uint status = 0;
        req.SetCallback(r => status = r.RecvStatus());
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(TeventReqState.InProgress, req.State);
        clock.Advance(TimeSpan.FromSeconds(3));
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(TeventError.TimedOut, status);
    }

    [Fact]
    public void CompletedRequestCancelsItsEndTimer()
    {
        var clock = new FakeClock();
        var ev = new EventContext(clock: clock);
        var req = TestRequests.ManualSend(ev);
        req.SetEndTime(TimeSpan.FromSeconds(1));
        req.Done();
        clock.Advance(TimeSpan.FromSeconds(2));
        ev.LoopOnce(TimeSpan.Zero);
        Assert.Equal(TeventReqState.Done, req.State);
        Assert.Equal(0, ev.Counters.TimersRun);
    }

    [Fact]
    public void CancelCallsTheCancelFunctionOnlyWhileInProgress()
    {
        var ev = new EventContext();
        var req = TestRequests.ManualSend(ev);
        uint status = 0;
        req.SetCallback(r => status = r.RecvStatus());
        Assert.True(req.Cancel());
        Assert.Equal(TeventError.Cancelled, status);

        var plain = TestRequests.ManualSend(ev, cancellable: false);
        Assert.False(plain.Cancel());
        plain.Done();
        Assert.False(plain.Cancel());
    }

    [Fact]
    public void CleanupRunsOnCompletionAndOnReceive()
    {
        var ev = new EventContext();
        var req = TestRequests.ManualSend(ev);
        var states = new List<TeventReqState>();
        req.SetCleanupFn((_, s) => states.Add(s));
        req.Done();
        req.RecvStatus();
        Assert.Equal([TeventReqState.Done, TeventReqState.Received], states);
    }

    [Fact]
    public void ReusableStatesAreRecycledAfterReceive()
    {
        var ev = new EventContext();
        var first = TestRequests.ImmediateSend(ev, 5);
        var firstState = first.StateAs<TestRequests.NopState>();
        TestRequests.ImmediateRecv(first, out _);
        Assert.Equal(0, firstState.Value); // Reset ran
        var second = TestRequests.ImmediateSend(ev, 6);
        Assert.Same(firstState, second.StateAs<TestRequests.NopState>());
        TestRequests.ImmediateRecv(second, out _);
    }
}
