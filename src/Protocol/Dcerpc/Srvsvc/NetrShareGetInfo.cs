using Protocol.Dcerpc.Ndr;

namespace Protocol.Dcerpc.Srvsvc;

/// <summary>
/// NetrShareGetInfo, opnum 16 (MS-SRVS 3.1.4.10).
/// <code>
/// NET_API_STATUS NetrShareGetInfo(
///   [in, string, unique] SRVSVC_HANDLE ServerName,
///   [in, string] WCHAR* NetName,
///   [in] DWORD Level,
///   [out, switch_is(Level)] LPSHARE_INFO InfoStruct);
/// </code>
/// </summary>
internal static class NetrShareGetInfo
{
    public const ushort Opnum = 16;

    public static DcerpcCallResult Invoke(ISrvsvcShareSource source, ReadOnlySpan<byte> stub, NdrWriter response)
    {
        var reader = new NdrReader(stub);
        // NetName is a top-level [in, string] pointer, so a ref pointer: no representation, the string itself.
        if (!reader.TryReadTopLevelUniqueString(out _) || !reader.TryReadConformantVaryingString(out string netName)
            || !reader.TryReadUInt32(out uint level))
            return DcerpcCallResult.BadStubData;

        uint status;
        ShareInfo? share = null;
        if (!ShareInfoNdr.IsSupported(level))
            status = Win32Error.InvalidLevel;
        else if ((share = Find(source, netName)) is null)
            status = Win32Error.NetNameNotFound;
        else
            status = Win32Error.Success;

        response.WriteUInt32(level); // the SHARE_INFO union's discriminant
        if (share is not null)
        {
            response.WritePointer(true);
            ShareInfoNdr.WriteScalars(response, share, level);
            ShareInfoNdr.WriteBuffers(response, share, level);
        }
        else if (SrvsvcUnionArms.ShareInfoHasArm(level))
        {
            response.WritePointer(false);
        }
        response.WriteUInt32(status);
        return DcerpcCallResult.Success;
    }

    // MS-SRVS 3.1.4.10: share names compare case-insensitively; hidden (non-browseable) shares are found too.
    private static ShareInfo? Find(ISrvsvcShareSource source, string netName)
    {
        foreach (var share in source.Shares)
        {
            if (string.Equals(share.Name, netName, StringComparison.OrdinalIgnoreCase)) return share;
        }
        return null;
    }
}
