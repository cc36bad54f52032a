using System.Globalization;

namespace SmbServer.Users;

/// <summary>
/// Group membership from /etc/group (`name:password:gid:member,member`) and /etc/passwd: a user is
/// in a group when listed as a member or when the group is the user's primary group. User names
/// compare ignoring case, because SMB user names do.
/// </summary>
public sealed class EtcGroup(string groupPath = "/etc/group", string passwdPath = "/etc/passwd") : IUnixGroupLookup
{
    private readonly EtcPasswd _passwd = new(passwdPath);

    public bool IsMember(string userName, string groupName)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(groupPath);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        foreach (var line in lines)
        {
            var f = line.Split(':');
            if (f.Length < 4 || f[0] != groupName)
                continue;
            foreach (var member in f[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (member.Equals(userName, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            if (uint.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
                && _passwd.Find(userName) is { } account && account.Gid == gid)
                return true;
            return false;
        }
        return false;
    }
}
