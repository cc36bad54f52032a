using Protocol;
using Protocol.Security;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// How the posix backend turns a CREATE's DesiredAccess into the access granted to the open, and
/// what each later operation needs from that grant (MS-SMB2 3.3.5.9, MS-FSA 2.1.5.1).
/// </summary>
/// <remarks>
/// The model: the kernel enforces the real permissions on every system call (a refused call maps to
/// STATUS_ACCESS_DENIED through <see cref="ErrnoMapping"/>); what this class decides is the NT view
/// on top of it. A writable share offers everything (FILE_ALL_ACCESS); a read-only share offers the
/// read and execute rights only, and a DesiredAccess that names any modifying right there is
/// STATUS_ACCESS_DENIED, as Samba answers for writes on read-only shares. A file with the READONLY
/// DOS attribute does not offer FILE_WRITE_DATA or FILE_APPEND_DATA (MS-FSA 2.1.5.1.2.1).
/// MAXIMUM_ALLOWED grants what is offered; GENERIC_* bits are mapped first (MS-DTYP 2.4.3).
/// </remarks>
public static class AccessRights
{
    /// <summary>The rights that take part in share-mode checks (MS-FSA 2.1.5.1.2.2).</summary>
    public const AccessMask DataAccess = AccessMask.FileReadData | AccessMask.FileExecute | AccessMask.FileWriteData
        | AccessMask.FileAppendData | AccessMask.Delete;

    /// <summary>Rights that modify the file, its metadata or its security: refused on a read-only share.</summary>
    public const AccessMask ModifyingRights = AccessMask.FileWriteData | AccessMask.FileAppendData | AccessMask.FileWriteEa
        | AccessMask.FileWriteAttributes | AccessMask.FileDeleteChild | AccessMask.Delete | AccessMask.WriteDac
        | AccessMask.WriteOwner;

    /// <summary>What a read-only share offers: FILE_GENERIC_READ | FILE_GENERIC_EXECUTE.</summary>
    public const AccessMask ReadOnlyShareAccess = AccessMask.FileGenericRead | AccessMask.FileGenericExecute;

    /// <summary>The rights a read-only DOS attribute takes away (MS-FSA 2.1.5.1.2.1).</summary>
    public const AccessMask ReadOnlyAttributeDenied = AccessMask.FileWriteData | AccessMask.FileAppendData;

    /// <summary>The MaximalAccess of an object (the MxAc create context, and what MAXIMUM_ALLOWED grants).</summary>
    public static AccessMask Maximal(bool readOnlyShare, bool readOnlyAttribute, bool isDirectory)
    {
        AccessMask max = readOnlyShare ? ReadOnlyShareAccess : AccessMask.FileAllAccess;
        if (readOnlyAttribute && !isDirectory)
            max &= ~ReadOnlyAttributeDenied;
        return max;
    }

    /// <summary>
    /// The access to grant for <paramref name="desiredAccess"/> given what the object offers.
    /// Errors: ACCESS_SYSTEM_SECURITY is STATUS_PRIVILEGE_NOT_HELD (no SeSecurityPrivilege is ever
    /// held); a right outside <paramref name="maximal"/> named explicitly is STATUS_ACCESS_DENIED.
    /// A DesiredAccess of 0 is granted as 0 (MS-FSA allows attribute-less opens).
    /// </summary>
    public static NtStatus Grant(uint desiredAccess, AccessMask maximal, out AccessMask granted)
    {
        granted = AccessMask.None;
        AccessMask desired = FileGenericMapping.Map((AccessMask)desiredAccess);
        if ((desired & AccessMask.AccessSystemSecurity) != 0)
            return NtStatus.PrivilegeNotHeld;
        bool maximumAllowed = (desired & AccessMask.MaximumAllowed) != 0;
        desired &= ~AccessMask.MaximumAllowed;
        if ((desired & ~maximal) != 0)
            return NtStatus.AccessDenied;
        granted = maximumAllowed ? desired | maximal : desired;
        return NtStatus.Success;
    }

    public static bool Has(uint granted, AccessMask any) => ((AccessMask)granted & any) != 0;

    /// <summary>MS-SMB2 3.3.5.12: a read needs FILE_READ_DATA (or FILE_EXECUTE, which lets a client page in an image).</summary>
    public static bool CanRead(uint granted) => Has(granted, AccessMask.FileReadData | AccessMask.FileExecute);

    /// <summary>MS-SMB2 3.3.5.13: a write needs FILE_WRITE_DATA or FILE_APPEND_DATA.</summary>
    public static bool CanWrite(uint granted) => Has(granted, AccessMask.FileWriteData | AccessMask.FileAppendData);
}
