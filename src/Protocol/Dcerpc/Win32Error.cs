namespace Protocol.Dcerpc;

/// <summary>
/// Win32 error codes (MS-ERREF 2.2) that srvsvc and wkssvc operations return as their NET_API_STATUS / WERROR
/// result, inside a normal response stub.
/// </summary>
public static class Win32Error
{
    /// <summary>NERR_Success / ERROR_SUCCESS.</summary>
    public const uint Success = 0;
    public const uint AccessDenied = 5;
    public const uint NotEnoughMemory = 8;
    public const uint InvalidParameter = 87;
    /// <summary>ERROR_INVALID_LEVEL: the information level is not served.</summary>
    public const uint InvalidLevel = 124;
    /// <summary>ERROR_MORE_DATA: an enumeration stopped at PreferedMaximumLength; resume for the rest.</summary>
    public const uint MoreData = 234;
    /// <summary>NERR_NetNameNotFound: no share by that name.</summary>
    public const uint NetNameNotFound = 2310;
}
