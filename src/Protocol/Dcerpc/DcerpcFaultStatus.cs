namespace Protocol.Dcerpc;

/// <summary>
/// Status codes carried by a fault PDU (C706 appendix E, 12.6.4.7). The pipe uses the nca_s
/// values for protocol-level failures; an interface returns its own Win32 results inside a normal response.
/// </summary>
public static class DcerpcFaultStatus
{
    /// <summary>nca_s_fault_access_denied / ERROR_ACCESS_DENIED.</summary>
    public const uint AccessDenied = 0x00000005;
    /// <summary>nca_s_fault_ndr (RPC_X_BAD_STUB_DATA): the request stub could not be unmarshalled.</summary>
    public const uint FaultNdr = 0x000006F7;
    /// <summary>nca_s_op_rng_error: the operation number is not served by the interface.</summary>
    public const uint OpRangeError = 0x1C010002;
    /// <summary>nca_s_unk_if: the presentation context names no bound interface.</summary>
    public const uint UnknownInterface = 0x1C010003;
    /// <summary>nca_s_proto_error: the PDU stream broke a rule of the connection-oriented protocol.</summary>
    public const uint ProtocolError = 0x1C01000B;
    /// <summary>nca_s_server_too_busy: too many answers wait unread; the call was not run.</summary>
    public const uint ServerTooBusy = 0x1C010014;
    /// <summary>nca_s_unsupported_type: e.g. a data representation (drep) other than little-endian/ASCII/IEEE.</summary>
    public const uint UnsupportedType = 0x1C010017;
    /// <summary>nca_s_fault_remote_no_memory: the request exceeds the server's reassembly limit.</summary>
    public const uint RemoteNoMemory = 0x1C00001B;
}
