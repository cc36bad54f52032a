namespace Protocol.Smb2;

/// <summary>
/// The Name values of the create contexts (MS-SMB2 2.2.13.2): mostly 4-character tags such as "MxAc",
/// a few 16-byte GUIDs, compared byte for byte with <see cref="Smb2CreateContext.NameIs"/>.
/// </summary>
public static class Smb2CreateContextNames
{
    /// <summary>SMB2_CREATE_EA_BUFFER.</summary>
    public static ReadOnlySpan<byte> EaBuffer => "ExtA"u8;
    /// <summary>SMB2_CREATE_SD_BUFFER.</summary>
    public static ReadOnlySpan<byte> SdBuffer => "SecD"u8;
    /// <summary>SMB2_CREATE_DURABLE_HANDLE_REQUEST (and its response).</summary>
    public static ReadOnlySpan<byte> DurableHandleRequest => "DHnQ"u8;
    /// <summary>SMB2_CREATE_DURABLE_HANDLE_RECONNECT.</summary>
    public static ReadOnlySpan<byte> DurableHandleReconnect => "DHnC"u8;
    /// <summary>SMB2_CREATE_ALLOCATION_SIZE.</summary>
    public static ReadOnlySpan<byte> AllocationSize => "AlSi"u8;
    /// <summary>SMB2_CREATE_QUERY_MAXIMAL_ACCESS_REQUEST (and its response).</summary>
    public static ReadOnlySpan<byte> QueryMaximalAccessRequest => "MxAc"u8;
    /// <summary>SMB2_CREATE_TIMEWARP_TOKEN.</summary>
    public static ReadOnlySpan<byte> TimewarpToken => "TWrp"u8;
    /// <summary>SMB2_CREATE_QUERY_ON_DISK_ID (and its response).</summary>
    public static ReadOnlySpan<byte> QueryOnDiskId => "QFid"u8;
    /// <summary>SMB2_CREATE_REQUEST_LEASE and SMB2_CREATE_REQUEST_LEASE_V2 (told apart by DataLength).</summary>
    public static ReadOnlySpan<byte> RequestLease => "RqLs"u8;
    /// <summary>SMB2_CREATE_DURABLE_HANDLE_REQUEST_V2.</summary>
    public static ReadOnlySpan<byte> DurableHandleRequestV2 => "DH2Q"u8;
    /// <summary>SMB2_CREATE_DURABLE_HANDLE_RECONNECT_V2.</summary>
    public static ReadOnlySpan<byte> DurableHandleReconnectV2 => "DH2C"u8;
    /// <summary>SMB2_CREATE_APP_INSTANCE_ID: 0x45BCA66AEFA7F74A9008FA462E144D74.</summary>
    public static ReadOnlySpan<byte> AppInstanceId =>
        [0x45, 0xBC, 0xA6, 0x6A, 0xEF, 0xA7, 0xF7, 0x4A, 0x90, 0x08, 0xFA, 0x46, 0x2E, 0x14, 0x4D, 0x74];
    /// <summary>SMB2_CREATE_APP_INSTANCE_VERSION: 0xB982D0B73B56074FA07B524A8116A010.</summary>
    public static ReadOnlySpan<byte> AppInstanceVersion =>
        [0xB9, 0x82, 0xD0, 0xB7, 0x3B, 0x56, 0x07, 0x4F, 0xA0, 0x7B, 0x52, 0x4A, 0x81, 0x16, 0xA0, 0x10];
    /// <summary>SVHDX_OPEN_DEVICE_CONTEXT: 0x9CCBCF9E04C1E643980E158DA1F6EC83.</summary>
    public static ReadOnlySpan<byte> SvhdxOpenDeviceContext =>
        [0x9C, 0xCB, 0xCF, 0x9E, 0x04, 0xC1, 0xE6, 0x43, 0x98, 0x0E, 0x15, 0x8D, 0xA1, 0xF6, 0xEC, 0x83];
}
