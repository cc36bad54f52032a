using Protocol.Dcerpc.Ndr;

namespace Protocol.Dcerpc.Srvsvc;

/// <summary>
/// NetrShareEnum, opnum 15 (MS-SRVS 3.1.4.8; Samba's NetShareEnumAll), what <c>smbclient -L</c> and Explorer call
/// to list shares.
/// <code>
/// NET_API_STATUS NetrShareEnum(
///   [in, string, unique] SRVSVC_HANDLE ServerName,
///   [in, out] LPSHARE_ENUM_STRUCT InfoStruct,      // { DWORD Level; [switch_is(Level)] SHARE_ENUM_UNION ShareInfo; }
///   [in] DWORD PreferedMaximumLength,
///   [out] DWORD* TotalEntries,
///   [in, out, unique] DWORD* ResumeHandle);
/// </code>
/// </summary>
internal static class NetrShareEnum
{
    public const ushort Opnum = 15;

    /// <summary>MAX_PREFERRED_LENGTH: return everything.</summary>
    private const uint MaxPreferredLength = 0xFFFFFFFF;

    public static DcerpcCallResult Invoke(ISrvsvcShareSource source, ReadOnlySpan<byte> stub, NdrWriter response)
    {
        if (!TryParseRequest(stub, out uint level, out uint preferredMaximumLength, out bool hasResumeHandle, out uint resumeHandle))
            return DcerpcCallResult.BadStubData;

        // Non-browseable shares stay out of the list (Samba's "browseable = no"); GetInfo still finds them.
        var shares = source.Shares.Where(s => s.Browseable).ToList();
        int start = (int)Math.Min(resumeHandle, (uint)shares.Count);

        response.WriteUInt32(level);
        response.WriteUInt32(level); // the union's discriminant
        if (!IsEnumerable(level))
        {
            if (SrvsvcUnionArms.ShareEnumHasArm(level)) response.WritePointer(false);
            response.WriteUInt32(0); // TotalEntries
            WriteResumeHandle(response, hasResumeHandle, resumeHandle);
            response.WriteUInt32(Win32Error.InvalidLevel);
            return DcerpcCallResult.Success;
        }

        // MS-SRVS 3.1.4.8: as many entries as fit in PreferedMaximumLength, but always at least one so that a
        // client resuming with a small buffer still makes progress.
        int end = start;
        long budget = preferredMaximumLength == MaxPreferredLength ? long.MaxValue : preferredMaximumLength;
        long used = 0;
        while (end < shares.Count)
        {
            used += ShareInfoNdr.EstimateSize(shares[end], level);
            if (used > budget && end > start) break;
            end++;
        }
        int count = end - start;
        bool more = end < shares.Count;

        response.WritePointer(true); // SHARE_INFO_level_CONTAINER*
        response.WriteUInt32((uint)count);
        if (response.WritePointer(count > 0))
        {
            response.WriteConformance((uint)count);
            for (int i = start; i < end; i++) ShareInfoNdr.WriteScalars(response, shares[i], level);
            for (int i = start; i < end; i++) ShareInfoNdr.WriteBuffers(response, shares[i], level);
        }
        response.WriteUInt32((uint)shares.Count); // TotalEntries
        // A nonzero handle names where to resume; 0 once the list is complete.
        WriteResumeHandle(response, hasResumeHandle, more ? (uint)end : 0);
        response.WriteUInt32(more ? Win32Error.MoreData : Win32Error.Success);
        return DcerpcCallResult.Success;
    }

    /// <summary>The levels SHARE_ENUM_UNION offers (MS-SRVS 2.2.4.38) and we serve.</summary>
    private static bool IsEnumerable(uint level) => level is 0 or 1 or 2 or 501 or 502 or 503;

    private static void WriteResumeHandle(NdrWriter response, bool present, uint value)
    {
        // [in, out, unique]: NULL in means NULL out.
        if (response.WritePointer(present)) response.WriteUInt32(value);
    }

    private static bool TryParseRequest(ReadOnlySpan<byte> stub, out uint level, out uint preferredMaximumLength,
        out bool hasResumeHandle, out uint resumeHandle)
    {
        level = 0;
        preferredMaximumLength = 0;
        hasResumeHandle = false;
        resumeHandle = 0;
        var reader = new NdrReader(stub);
        if (!reader.TryReadTopLevelUniqueString(out _) || !reader.TryReadUInt32(out level)
            || !reader.TryReadUInt32(out uint discriminant) || discriminant != level)
            return false;

        // The union arm: a pointer to SHARE_INFO_level_CONTAINER { EntriesRead; [size_is(EntriesRead)] Buffer*; },
        // a pointee embedded in InfoStruct, so it follows the whole structure.
        if (SrvsvcUnionArms.ShareEnumHasArm(level))
        {
            if (!reader.TryReadPointer(out uint container)) return false;
            if (container != 0)
            {
                if (!reader.TryReadUInt32(out _) || !reader.TryReadPointer(out uint buffer)) return false;
                if (buffer != 0 && (!reader.TryReadConformance(4, out uint count) || !ShareInfoNdr.TrySkipArray(ref reader, level, count)))
                    return false;
            }
        }

        if (!reader.TryReadUInt32(out preferredMaximumLength) || !reader.TryReadPointer(out uint resumeReferent))
            return false;
        hasResumeHandle = resumeReferent != 0;
        return !hasResumeHandle || reader.TryReadUInt32(out resumeHandle);
    }
}
