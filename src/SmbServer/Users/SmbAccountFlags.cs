namespace SmbServer.Users;

/// <summary>
/// Account control bits as smbpasswd stores them, one letter each inside `[...]`. The values are
/// the USER_ACCOUNT codes of MS-SAMR 2.2.1.12.
/// </summary>
[Flags]
public enum SmbAccountFlags : uint
{
    None = 0,
    /// <summary>D: the account is disabled.</summary>
    Disabled = 0x0001,
    /// <summary>H: a home directory is required.</summary>
    HomeDirectoryRequired = 0x0002,
    /// <summary>N: no password is required.</summary>
    PasswordNotRequired = 0x0004,
    /// <summary>T: temporary duplicate account.</summary>
    TempDuplicateAccount = 0x0008,
    /// <summary>U: an ordinary user account.</summary>
    NormalAccount = 0x0010,
    /// <summary>M: MNS logon account.</summary>
    MnsLogonAccount = 0x0020,
    /// <summary>I: interdomain trust account.</summary>
    InterdomainTrustAccount = 0x0040,
    /// <summary>W: workstation trust account.</summary>
    WorkstationTrustAccount = 0x0080,
    /// <summary>S: server trust account.</summary>
    ServerTrustAccount = 0x0100,
    /// <summary>X: the password does not expire.</summary>
    DontExpirePassword = 0x0200,
    /// <summary>L: locked out automatically.</summary>
    AccountAutoLocked = 0x0400,
}
