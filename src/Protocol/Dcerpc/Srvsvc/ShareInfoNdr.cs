using Protocol.Dcerpc.Ndr;

namespace Protocol.Dcerpc.Srvsvc;

/// <summary>
/// NDR layout of the SHARE_INFO_* levels (MS-SRVS 2.2.4.22-2.2.4.29), as one table of fields per level, so the
/// writer, the size estimate and the reader that skips a client's input array cannot disagree about a layout.
/// Every structure is a run of 4-octet scalars (DWORDs and pointers); the pointees (strings, the security
/// descriptor) follow the whole structure, or the whole array of structures, in field order (C706 14.3, embedded
/// pointers).
/// </summary>
internal static class ShareInfoNdr
{
    private enum Field
    {
        NetName,            // [string] wchar_t*
        Type,               // DWORD
        Remark,             // [string] wchar_t*
        Permissions,        // DWORD
        MaxUses,            // DWORD
        CurrentUses,        // DWORD
        Path,               // [string] wchar_t*
        Passwd,             // [string] wchar_t*
        ServerName,         // [string] wchar_t*  (503)
        Reserved,           // DWORD: the security descriptor's length
        SecurityDescriptor, // [size_is(Reserved)] unsigned char*
        Flags,              // DWORD (501, 1005)
    }

    private static readonly Field[] Level0 = [Field.NetName];
    private static readonly Field[] Level1 = [Field.NetName, Field.Type, Field.Remark];
    private static readonly Field[] Level2 =
        [Field.NetName, Field.Type, Field.Remark, Field.Permissions, Field.MaxUses, Field.CurrentUses, Field.Path, Field.Passwd];
    private static readonly Field[] Level501 = [Field.NetName, Field.Type, Field.Remark, Field.Flags];
    private static readonly Field[] Level502 =
        [Field.NetName, Field.Type, Field.Remark, Field.Permissions, Field.MaxUses, Field.CurrentUses, Field.Path, Field.Passwd,
         Field.Reserved, Field.SecurityDescriptor];
    private static readonly Field[] Level503 =
        [Field.NetName, Field.Type, Field.Remark, Field.Permissions, Field.MaxUses, Field.CurrentUses, Field.Path, Field.Passwd,
         Field.ServerName, Field.Reserved, Field.SecurityDescriptor];
    private static readonly Field[] Level1004 = [Field.Remark];
    private static readonly Field[] Level1005 = [Field.Flags];
    private static readonly Field[] Level1006 = [Field.MaxUses];

    /// <summary>MS-SRVS 2.2.4.29 shi503_servername: "*" means the share belongs to no particular server name (scope).</summary>
    private const string DefaultScope = "*";

    /// <summary>The levels this server answers with data; others get ERROR_INVALID_LEVEL.</summary>
    public static bool IsSupported(uint level) => Layout(level) is not null;

    private static Field[]? Layout(uint level) => level switch
    {
        0 => Level0,
        1 => Level1,
        2 => Level2,
        501 => Level501,
        502 => Level502,
        503 => Level503,
        1004 => Level1004,
        1005 => Level1005,
        1006 => Level1006,
        _ => null,
    };

    /// <summary>Writes the fixed part of one SHARE_INFO_level (its scalars and pointer representations).</summary>
    public static void WriteScalars(NdrWriter writer, ShareInfo share, uint level)
    {
        foreach (var field in Layout(level)!)
        {
            if (IsString(field))
                writer.WritePointer(StringOf(share, field) is not null);
            else if (field == Field.SecurityDescriptor)
                writer.WritePointer(false); // We keep no share ACLs: NULL, with shi502_reserved 0.
            else
                writer.WriteUInt32(DwordOf(share, field));
        }
    }

    /// <summary>Writes the deferred pointees of one SHARE_INFO_level, after all the scalars they belong to.</summary>
    public static void WriteBuffers(NdrWriter writer, ShareInfo share, uint level)
    {
        foreach (var field in Layout(level)!)
        {
            if (IsString(field) && StringOf(share, field) is { } text)
                writer.WriteConformantVaryingString(text);
        }
    }

    /// <summary>
    /// Roughly what the entry costs a client (its scalars plus its UTF-16 strings), to honour
    /// PreferedMaximumLength loosely, as MS-SRVS 3.1.4.8 allows.
    /// </summary>
    public static int EstimateSize(ShareInfo share, uint level)
    {
        int size = 0;
        foreach (var field in Layout(level)!)
        {
            size += 4;
            if (IsString(field) && StringOf(share, field) is { } text)
                size += (text.Length + 1) * 2;
        }
        return size;
    }

    /// <summary>
    /// Reads past a SHARE_INFO_level array a client sent as input (the [in] side of SHARE_ENUM_STRUCT; clients send
    /// an empty container, but the NDR must still be walked to reach the parameters after it).
    /// </summary>
    public static bool TrySkipArray(ref NdrReader reader, uint level, uint count)
    {
        var layout = Layout(level);
        if (layout is null) return false;
        // Each element has at least layout.Length 4-octet scalars; the conformance check bounds the allocation.
        if (count > (uint)reader.Remaining / (uint)(layout.Length * 4)) return false;

        var present = new bool[count * layout.Length];
        var descriptorLengths = new uint[count];
        for (int e = 0; e < count; e++)
        {
            for (int f = 0; f < layout.Length; f++)
            {
                if (!reader.TryReadUInt32(out uint value)) return false;
                present[e * layout.Length + f] = value != 0;
                if (layout[f] == Field.Reserved) descriptorLengths[e] = value;
            }
        }
        for (int e = 0; e < count; e++)
        {
            for (int f = 0; f < layout.Length; f++)
            {
                if (!present[e * layout.Length + f]) continue;
                if (IsString(layout[f]))
                {
                    if (!reader.TryReadConformantVaryingString(out _)) return false;
                }
                else if (layout[f] == Field.SecurityDescriptor)
                {
                    if (!reader.TryReadConformance(1, out uint length) || length != descriptorLengths[e]
                        || !reader.TryReadBytes((int)length, out _))
                        return false;
                }
            }
        }
        return true;
    }

    private static bool IsString(Field field)
        => field is Field.NetName or Field.Remark or Field.Path or Field.Passwd or Field.ServerName;

    private static string? StringOf(ShareInfo share, Field field) => field switch
    {
        Field.NetName => share.Name,
        Field.Remark => share.Comment,
        Field.Path => share.WindowsPath,
        Field.ServerName => DefaultScope,
        _ => null, // shi2_passwd: share-level passwords do not exist here.
    };

    private static uint DwordOf(ShareInfo share, Field field) => field switch
    {
        Field.Type => (uint)share.Type,
        Field.MaxUses => share.MaxUses,
        Field.CurrentUses => share.CurrentUses,
        Field.Flags => share.Flags,
        _ => 0, // shi2_permissions (ignored by servers in user-level security), shi502_reserved (no descriptor).
    };
}
