namespace Protocol.Dcerpc;

/// <summary>
/// p_result_t (C706 12.6.3.1): the answer to one presentation context. For <see cref="DcerpcContextResult.NegotiateAck"/>
/// the reason field carries the accepted BindTimeFeatureNegotiationBitmask instead (MS-RPCE 3.3.1.5.3).
/// </summary>
public readonly record struct DcerpcContextResultEntry(DcerpcContextResult Result, ushort Reason, DcerpcSyntaxId TransferSyntax)
{
    public const int Size = 24;
}
