using Protocol.Dcerpc.Ndr;

namespace Protocol.Dcerpc.Wkssvc;

/// <summary>
/// NetrWkstaGetInfo, opnum 0 (MS-WKST 3.2.4.1), levels 100, 101 and 102.
/// <code>
/// unsigned long NetrWkstaGetInfo(
///   [in, string, unique] WKSSVC_IDENTIFY_HANDLE ServerName,
///   [in] unsigned long Level,
///   [out, switch_is(Level)] LPWKSTA_INFO WkstaInfo);
/// </code>
/// </summary>
internal static class NetrWkstaGetInfo
{
    public const ushort Opnum = 0;

    public static DcerpcCallResult Invoke(IWkssvcSource source, ReadOnlySpan<byte> stub, NdrWriter response)
    {
        var reader = new NdrReader(stub);
        if (!reader.TryReadTopLevelUniqueString(out _) || !reader.TryReadUInt32(out uint level))
            return DcerpcCallResult.BadStubData;

        response.WriteUInt32(level); // the WKSTA_INFO union's discriminant
        if (level is not (100 or 101 or 102))
        {
            if (HasArm(level)) response.WritePointer(false);
            response.WriteUInt32(Win32Error.InvalidLevel);
            return DcerpcCallResult.Success;
        }

        var info = source.Workstation;
        response.WritePointer(true);
        // Scalars of WKSTA_INFO_100 (2.2.5.1), 101 (2.2.5.2) and 102 (2.2.5.3), each a prefix of the next.
        response.WriteUInt32(info.PlatformId);
        response.WritePointer(true); // wki*_computername
        response.WritePointer(true); // wki*_langroup
        response.WriteUInt32(info.VersionMajor);
        response.WriteUInt32(info.VersionMinor);
        if (level >= 101) response.WritePointer(true); // wki*_lanroot
        if (level == 102) response.WriteUInt32(info.LoggedOnUsers);
        // The strings, deferred after the structure, in field order.
        response.WriteConformantVaryingString(info.ComputerName);
        response.WriteConformantVaryingString(info.LanGroup);
        if (level >= 101) response.WriteConformantVaryingString(info.LanRoot);
        response.WriteUInt32(Win32Error.Success);
        return DcerpcCallResult.Success;
    }

    /// <summary>
    /// Levels with a pointer arm in WKSTA_INFO (MS-WKST 2.2.4.1) or Samba's wkssvc_NetWkstaInfo; see
    /// <see cref="Srvsvc.SrvsvcUnionArms"/> for why a refusal still carries the arm.
    /// </summary>
    private static bool HasArm(uint level)
        => level is 100 or 101 or 102 or 502 or 1010 or 1011 or 1012 or 1013 or 1018 or 1023 or 1027 or 1028
            or 1032 or 1033 or 1046 or (>= 1041 and <= 1062);
}
