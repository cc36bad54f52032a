using System.Text;

namespace SmbServer.Users;

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
