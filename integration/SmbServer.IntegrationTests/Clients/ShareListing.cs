using System.Text.RegularExpressions;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>One row of `smbclient -L`'s share table.</summary>
public sealed record ShareListing(string Name, string Type, string Comment)
{
    // "\tpublic          Disk      Public files": a tab, the name, the type, the comment.
    private static readonly Regex s_row = new(@"^\t(?<name>\S+)\s+(?<type>Disk|IPC|Printer)\b[ \t]*(?<comment>.*)$", RegexOptions.Multiline);

    /// <summary>The rows of every share table in smbclient's output, by share name.</summary>
    public static IReadOnlyDictionary<string, ShareListing> Parse(string stdout) =>
        s_row.Matches(stdout.Replace("\r\n", "\n"))
            .Select(m => new ShareListing(m.Groups["name"].Value, m.Groups["type"].Value, m.Groups["comment"].Value.TrimEnd()))
            .GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
}
