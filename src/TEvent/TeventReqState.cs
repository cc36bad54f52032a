namespace TEvent;

/// <summary>The states of a <see cref="TeventReq"/>, as tevent has them (enum tevent_req_state).</summary>
public enum TeventReqState
{
    /// <summary>Created; not yet started (only seen inside create).</summary>
    Init,
    /// <summary>Started and not finished.</summary>
    InProgress,
    /// <summary>Finished successfully (<see cref="TeventReq.Done"/>).</summary>
    Done,
    /// <summary>Finished with an error (<see cref="TeventReq.Error"/>).</summary>
    UserError,
    /// <summary>Its end time passed (<see cref="TeventReq.SetEndTime"/>); the error is STATUS_IO_TIMEOUT.</summary>
    TimedOut,
    /// <summary>The result was collected by the _recv function; the request must not be touched again.</summary>
    Received,
}
