namespace SmbServer.Users;

/// <summary>
/// The value of `valid users` / `invalid users`: user names, `@group` and `+group` (Unix groups,
/// through <see cref="IUnixGroupLookup"/>), and `%S` (the share's name, so `[homes]` can say
/// `valid users = %S`). `&amp;group` (NIS netgroups) is accepted but never matches; loading warns.
/// </summary>
public sealed class UserList
{
    public static UserList Empty { get; } = new([]);

    public UserList(IReadOnlyList<string> entries) => Entries = entries;

    public IReadOnlyList<string> Entries { get; }

    public bool IsEmpty => Entries.Count == 0;

    public bool Contains(string userName, IUnixGroupLookup groups, string shareName)
    {
        foreach (var entry in Entries)
        {
            if (entry.Length == 0)
                continue;
            if (entry[0] is '@' or '+' or '&')
            {
                var name = entry.TrimStart('@', '+', '&');
                // '&' alone is a netgroup: not supported. '@' (netgroup, then Unix group in Samba) and '+' are Unix groups here.
                if (entry.StartsWith('&') && !entry.Contains('+') && !entry.Contains('@'))
                    continue;
                if (name.Length > 0 && groups.IsMember(userName, name))
                    return true;
                continue;
            }
            var expanded = entry.Equals("%S", StringComparison.Ordinal) ? shareName : entry;
            if (expanded.Equals(userName, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    public override string ToString() => Configuration.SmbConfList.Join(Entries);
}
