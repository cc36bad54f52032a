using System.Text;

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

/// <summary>The `[UX         ]` field of an smbpasswd line.</summary>
public static class SmbAccountFlagsField
{
    // Letters in the order they are written: "[DU ...]", "[UX ...]".
    private static readonly (char Letter, SmbAccountFlags Flag)[] Letters =
    [
        ('N', SmbAccountFlags.PasswordNotRequired), ('D', SmbAccountFlags.Disabled),
        ('H', SmbAccountFlags.HomeDirectoryRequired), ('T', SmbAccountFlags.TempDuplicateAccount),
        ('U', SmbAccountFlags.NormalAccount), ('M', SmbAccountFlags.MnsLogonAccount),
        ('W', SmbAccountFlags.WorkstationTrustAccount), ('S', SmbAccountFlags.ServerTrustAccount),
        ('L', SmbAccountFlags.AccountAutoLocked), ('X', SmbAccountFlags.DontExpirePassword),
        ('I', SmbAccountFlags.InterdomainTrustAccount),
    ];

    /// <summary>Letters between the brackets are padded with spaces to this width.</summary>
    public const int PaddedLength = 11;

    /// <summary>Parses `[...]`; spaces are padding, unknown letters are an error.</summary>
    public static bool TryParse(string field, out SmbAccountFlags flags)
    {
        flags = SmbAccountFlags.None;
        if (field.Length < 2 || field[0] != '[' || field[^1] != ']')
            return false;
        foreach (var c in field.AsSpan(1, field.Length - 2))
        {
            if (c == ' ')
                continue;
            var i = Array.FindIndex(Letters, l => l.Letter == c);
            if (i < 0)
                return false;
            flags |= Letters[i].Flag;
        }
        return true;
    }

    public static string Format(SmbAccountFlags flags)
    {
        var sb = new StringBuilder("[");
        foreach (var (letter, flag) in Letters)
        {
            if ((flags & flag) != 0)
                sb.Append(letter);
        }
        while (sb.Length < PaddedLength + 1)
            sb.Append(' ');
        return sb.Append(']').ToString();
    }
}
