namespace Protocol.Dcerpc;

/// <summary>
/// What an <see cref="IDcerpcInterface"/> call produced: success (the response stub is in the writer), or a fault
/// status for the fault PDU. <see cref="DidNotExecute"/> tells the client the operation never ran
/// (C706 12.6.3.1: PFC_DID_NOT_EXECUTE).
/// </summary>
public readonly record struct DcerpcCallResult(uint FaultStatus, bool DidNotExecute)
{
    public bool IsFault => FaultStatus != 0;

    public static DcerpcCallResult Success => default;

    public static DcerpcCallResult Fault(uint status, bool didNotExecute = true) => new(status, didNotExecute);

    /// <summary>nca_s_op_rng_error: the interface does not serve this operation number.</summary>
    public static DcerpcCallResult UnknownOpnum => Fault(DcerpcFaultStatus.OpRangeError);

    /// <summary>nca_s_fault_ndr: the request stub could not be unmarshalled.</summary>
    public static DcerpcCallResult BadStubData => Fault(DcerpcFaultStatus.FaultNdr);
}
