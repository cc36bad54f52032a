namespace Protocol.Security;

/// <summary>
/// The GENERIC_MAPPING for files and directories (MS-DTYP 2.4.3): turns GENERIC_READ/WRITE/EXECUTE/ALL
/// in a desired access or an ACE mask into the file-specific rights they stand for.
/// </summary>
public static class FileGenericMapping
{
    private const AccessMask GenericBits =
        AccessMask.GenericRead | AccessMask.GenericWrite | AccessMask.GenericExecute | AccessMask.GenericAll;

    /// <summary>Replaces each generic bit by its file rights; other bits (MAXIMUM_ALLOWED included) are kept.</summary>
    public static AccessMask Map(AccessMask mask)
    {
        AccessMask result = mask & ~GenericBits;
        if ((mask & AccessMask.GenericRead) != 0) result |= AccessMask.FileGenericRead;
        if ((mask & AccessMask.GenericWrite) != 0) result |= AccessMask.FileGenericWrite;
        if ((mask & AccessMask.GenericExecute) != 0) result |= AccessMask.FileGenericExecute;
        if ((mask & AccessMask.GenericAll) != 0) result |= AccessMask.FileAllAccess;
        return result;
    }
}
