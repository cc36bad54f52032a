namespace Protocol.Dcerpc.Srvsvc;

/// <summary>
/// Which information levels carry a pointer arm in the srvsvc unions. When we refuse a level with
/// ERROR_INVALID_LEVEL we still return the union: its discriminant, then a NULL pointer if the level has an arm,
/// or nothing if it has none (the empty default arm Samba's IDL declares). The lists join MS-SRVS's unions with
/// Samba's, so both Windows (MIDL) and Samba clients can unmarshal the refusal.
/// </summary>
internal static class SrvsvcUnionArms
{
    /// <summary>SHARE_ENUM_UNION (MS-SRVS 2.2.4.38) and Samba's srvsvc_NetShareCtr.</summary>
    public static bool ShareEnumHasArm(uint level)
        => level is 0 or 1 or 2 or 501 or 502 or 503 or 1004 or 1005 or 1006 or 1007 or 1501;

    /// <summary>SHARE_INFO (MS-SRVS 2.2.3.6) and Samba's srvsvc_NetShareInfo.</summary>
    public static bool ShareInfoHasArm(uint level)
        => level is 0 or 1 or 2 or 501 or 502 or 503 or 1004 or 1005 or 1006 or 1007 or 1501;

    /// <summary>SERVER_INFO (MS-SRVS 2.2.3.7) and Samba's srvsvc_NetSrvInfo.</summary>
    public static bool ServerInfoHasArm(uint level)
        => level is 100 or 101 or 102 or 103 or 402 or 403 or 502 or 503 or 599
            or 1005 or 1010 or 1016 or 1017 or 1018 or 1107
            or 1501 or 1502 or 1503 or 1506 or 1509 or 1510 or 1511 or 1512 or 1513 or 1514 or 1515 or 1516 or 1518
            or 1520 or 1521 or 1522 or 1523 or 1524 or 1525 or 1528 or 1529 or 1530
            or (>= 1533 and <= 1550) or (>= 1552 and <= 1556);
}
