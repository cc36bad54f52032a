using System.Text;

namespace SmbServer.Configuration;

/// <summary>
/// Splits a list value the way smb.conf lists are written: entries separated by commas, spaces
/// or tabs, with double quotes around an entry that contains a space ("Domain Users").
/// </summary>
public static class SmbConfList
{
    public static List<string> Split(string value)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, hasItem = false;
        foreach (var c in value)
        {
            if (c == '"')
            {
                quoted = !quoted;
                hasItem = true;
                continue;
            }
            if (!quoted && (c == ',' || char.IsWhiteSpace(c)))
            {
                if (hasItem)
                    items.Add(current.ToString());
                current.Clear();
                hasItem = false;
                continue;
            }
            current.Append(c);
            hasItem = true;
        }
        if (hasItem)
            items.Add(current.ToString());
        return items;
    }

    /// <summary>Writes entries back, quoting the ones that need it.</summary>
    public static string Join(IEnumerable<string> items) =>
        string.Join(", ", items.Select(i => i.Length == 0 || i.Any(c => c == ',' || char.IsWhiteSpace(c)) ? $"\"{i}\"" : i));
}
