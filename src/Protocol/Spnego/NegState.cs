namespace Protocol.Spnego;

/// <summary>negState of NegTokenResp (RFC 4178 4.2.2).</summary>
public enum NegState
{
    AcceptCompleted = 0,
    AcceptIncomplete = 1,
    Reject = 2,
    RequestMic = 3,
}
