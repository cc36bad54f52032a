namespace Protocol.Dcerpc;

/// <summary>
/// PTYPE, the third octet of every PDU header (C706 12.6.3.1). Values 1 and 4..10 belong to the
/// connectionless protocol and never arrive on a named pipe; AUTH3 is an MS-RPCE addition.
/// </summary>
public enum DcerpcPacketType : byte
{
    Request = 0,
    Ping = 1,
    Response = 2,
    Fault = 3,
    Working = 4,
    Nocall = 5,
    Reject = 6,
    Ack = 7,
    ClCancel = 8,
    Fack = 9,
    CancelAck = 10,
    Bind = 11,
    BindAck = 12,
    BindNak = 13,
    AlterContext = 14,
    AlterContextResp = 15,
    Auth3 = 16,
    Shutdown = 17,
    CoCancel = 18,
    Orphaned = 19,
}
