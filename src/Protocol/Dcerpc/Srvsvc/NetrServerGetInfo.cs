using Protocol.Dcerpc.Ndr;

namespace Protocol.Dcerpc.Srvsvc;

/// <summary>
/// NetrServerGetInfo, opnum 21 (MS-SRVS 3.1.4.17), levels 100, 101, 102 and 103.
/// <code>
/// NET_API_STATUS NetrServerGetInfo(
///   [in, string, unique] SRVSVC_HANDLE ServerName,
///   [in] DWORD Level,
///   [out, switch_is(Level)] LPSERVER_INFO InfoStruct);
/// </code>
/// </summary>
internal static class NetrServerGetInfo
{
    public const ushort Opnum = 21;

    public static DcerpcCallResult Invoke(ISrvsvcShareSource source, ReadOnlySpan<byte> stub, NdrWriter response)
    {
        var reader = new NdrReader(stub);
        if (!reader.TryReadTopLevelUniqueString(out _) || !reader.TryReadUInt32(out uint level))
            return DcerpcCallResult.BadStubData;

        response.WriteUInt32(level); // the SERVER_INFO union's discriminant
        if (level is not (100 or 101 or 102 or 103))
        {
            if (SrvsvcUnionArms.ServerInfoHasArm(level)) response.WritePointer(false);
            response.WriteUInt32(Win32Error.InvalidLevel);
            return DcerpcCallResult.Success;
        }

        var server = source.Server;
        response.WritePointer(true);
        // Scalars of SERVER_INFO_100 (2.2.4.40), 101 (2.2.4.41), 102 (2.2.4.42) and 103 (2.2.4.43), each a prefix of
        // the next.
        response.WriteUInt32(server.PlatformId);
        response.WritePointer(true); // sv*_name
        if (level >= 101)
        {
            response.WriteUInt32(server.VersionMajor);
            response.WriteUInt32(server.VersionMinor);
            response.WriteUInt32((uint)server.Type);
            response.WritePointer(true); // sv*_comment
        }
        if (level >= 102)
        {
            response.WriteUInt32(server.Users);
            response.WriteInt32(server.DisconnectMinutes);
            response.WriteUInt32(server.Hidden ? 1u : 0u);
            response.WriteUInt32(server.AnnounceSeconds);
            response.WriteUInt32(server.AnnounceDelta);
            response.WriteUInt32(server.Licenses);
            response.WritePointer(true); // sv102_userpath
        }
        // sv103_capabilities: neither SRV_SUPPORT_HASH_GENERATION nor SRV_HASH_GENERATION_ACTIVE (no BranchCache).
        if (level == 103) response.WriteUInt32(0);
        // The strings, deferred after the structure, in field order.
        response.WriteConformantVaryingString(server.Name);
        if (level >= 101) response.WriteConformantVaryingString(server.Comment);
        if (level >= 102) response.WriteConformantVaryingString(server.UserPath);
        response.WriteUInt32(Win32Error.Success);
        return DcerpcCallResult.Success;
    }
}
