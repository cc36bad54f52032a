using System.Globalization;

namespace SmbServer.Users;

/// <summary>
/// Reads /etc/passwd (or another file in its format, for tests). Read on every call: callers
/// are a user command or a tree connect to [homes], not a hot path.
/// </summary>
public sealed class EtcPasswd(string path = "/etc/passwd")
{
    public string Path { get; } = path;

    /// <summary>Exact name first; failing that, the only account whose name differs in case (SMB names ignore case).</summary>
    public UnixAccount? Find(string name)
    {
        var accounts = ReadAll();
        return accounts.FirstOrDefault(a => a.Name == name)
            ?? accounts.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    public IReadOnlyList<UnixAccount> ReadAll()
    {
        var accounts = new List<UnixAccount>();
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path);
        }
        catch (IOException)
        {
            return accounts;
        }
        catch (UnauthorizedAccessException)
        {
            return accounts;
        }
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var f = line.Split(':');
            if (f.Length < 7
                || !uint.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                || !uint.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
                continue;
            accounts.Add(new UnixAccount(f[0], uid, gid, f[5]));
        }
        return accounts;
    }
}
