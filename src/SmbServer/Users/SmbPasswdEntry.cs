using System.Globalization;

namespace SmbServer.Users;

/// <summary>
/// One user of an smbpasswd file:
/// <code>name:uid:LMHASH:NTHASH:[flags      ]:LCT-XXXXXXXX:</code>
/// Hashes are 32 hex digits, or 32 'X' when absent ("NO PASSWORD" followed by X's means the
/// account needs no password). The LM hash is read and ignored: LM/NTLMv1 are never used, and
/// lines we write carry X's there. LCT is the last password change, in hex seconds since 1970.
/// </summary>
public sealed record SmbPasswdEntry
{
    public const string NoHash = "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    private const string NoPasswordPrefix = "NO PASSWORD";

    public required string Name { get; init; }
    public required uint Uid { get; init; }

    /// <summary>The NT hash (MD4 of the UTF-16LE password), or null when the line has none.</summary>
    public byte[]? NtHash { get; init; }

    public SmbAccountFlags Flags { get; init; } = SmbAccountFlags.NormalAccount;

    /// <summary>Last password change; null when the line has no LCT field.</summary>
    public DateTimeOffset? LastChange { get; init; }

    public bool IsDisabled => (Flags & SmbAccountFlags.Disabled) != 0;

    /// <summary>Parses one line; false for a line that is not a well-formed entry.</summary>
    public static bool TryParse(string line, out SmbPasswdEntry entry, out string problem)
    {
        entry = null!;
        var f = line.Split(':');
        if (f.Length < 4)
        {
            problem = "fewer than 4 ':'-separated fields";
            return false;
        }
        if (f[0].Length == 0)
        {
            problem = "empty user name";
            return false;
        }
        // Some tools write the uid as a signed number (-1 for "none"); keep its 32 bits.
        if (!long.TryParse(f[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var uid)
            || uid < int.MinValue || uid > uint.MaxValue)
        {
            problem = $"uid '{f[1]}' is not a number";
            return false;
        }
        if (!TryParseHash(f[3], out var nt, out var noPassword))
        {
            problem = "the NT hash is neither 32 hex digits nor X's";
            return false;
        }
        var flags = SmbAccountFlags.NormalAccount;
        DateTimeOffset? lct = null;
        // Samba 2.2+ format has the flags in field 5; the older one had gecos/home/shell there.
        if (f.Length > 4 && f[4].StartsWith('['))
        {
            if (!SmbAccountFlagsField.TryParse(f[4], out flags))
            {
                problem = $"account flags '{f[4]}' are not valid";
                return false;
            }
            if (f.Length > 5 && f[5].StartsWith("LCT-", StringComparison.Ordinal))
            {
                if (!uint.TryParse(f[5].AsSpan(4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var seconds))
                {
                    problem = $"'{f[5]}' is not LCT-<hex seconds>";
                    return false;
                }
                lct = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }
        if (noPassword)
            flags |= SmbAccountFlags.PasswordNotRequired;
        entry = new SmbPasswdEntry { Name = f[0], Uid = unchecked((uint)uid), NtHash = nt, Flags = flags, LastChange = lct };
        problem = "";
        return true;
    }

    /// <summary>The line in Samba's current format (no line break).</summary>
    public string Format()
    {
        var nt = NtHash is null
            ? ((Flags & SmbAccountFlags.PasswordNotRequired) != 0 ? (NoPasswordPrefix + NoHash)[..32] : NoHash)
            : Convert.ToHexString(NtHash);
        var lct = (uint)Math.Clamp((LastChange ?? DateTimeOffset.UnixEpoch).ToUnixTimeSeconds(), 0, uint.MaxValue);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name}:{Uid}:{NoHash}:{nt}:{SmbAccountFlagsField.Format(Flags)}:LCT-{lct:X8}:");
    }

    /// <summary>The NT hash of a password (MS-NLMP 3.3.1 NTOWFv1).</summary>
    public static byte[] HashPassword(ReadOnlySpan<char> password) => Protocol.Crypto.NtHash.Compute(password);

    private static bool TryParseHash(string field, out byte[]? hash, out bool noPassword)
    {
        hash = null;
        noPassword = false;
        if (field.StartsWith(NoPasswordPrefix, StringComparison.Ordinal))
        {
            noPassword = true;
            return true;
        }
        if (field.Length != 32)
            return false;
        if (field.All(c => c == 'X' || c == 'x' || c == '*'))
            return true;
        if (!field.All(char.IsAsciiHexDigit))
            return false;
        hash = Convert.FromHexString(field);
        return true;
    }
}
