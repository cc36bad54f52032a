namespace Protocol.Dcerpc;

/// <summary>pfc_flags of the common header (C706 12.6.3.1, MS-RPCE 2.2.2.3).</summary>
[Flags]
public enum DcerpcPfcFlags : byte
{
    None = 0,
    FirstFrag = 0x01,
    LastFrag = 0x02,
    /// <summary>PFC_PENDING_CANCEL in C706; MS-RPCE reuses the bit in bind PDUs as PFC_SUPPORT_HEADER_SIGN.</summary>
    PendingCancel = 0x04,
    Reserved1 = 0x08,
    ConcMpx = 0x10,
    DidNotExecute = 0x20,
    Maybe = 0x40,
    ObjectUuid = 0x80,
}
