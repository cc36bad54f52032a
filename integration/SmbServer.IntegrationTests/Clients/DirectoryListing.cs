using System.Text.RegularExpressions;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>One line of smbclient's `ls`/`dir`: name, attribute letters (D, A, R, H, S, N) and size.</summary>
public sealed record DirectoryListing(string Name, string Attributes, long Size)
{
    // "  hello.txt                          AR        6  Mon Nov 23 14:01:48 2026": smbclient pads
    // the name, right-aligns the attributes and the size, then prints the write time.
    private static readonly Regex Line = new(
        @"^  (?<name>.*?)\s+(?<attributes>[A-Z]*)\s+(?<size>\d+)  \w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}$",
        RegexOptions.CultureInvariant);

    public bool IsDirectory => Attributes.Contains('D');

    /// <summary>The entries of every listing in <paramref name="stdout"/>, `.` and `..` included.</summary>
    public static IReadOnlyList<DirectoryListing> Parse(string stdout) =>
        stdout.Split('\n')
            .Select(l => Line.Match(l.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new DirectoryListing(m.Groups["name"].Value, m.Groups["attributes"].Value, long.Parse(m.Groups["size"].Value)))
            .ToList();

    /// <summary>The names listed, without `.` and `..`, sorted ordinally.</summary>
    public static IReadOnlyList<string> Names(string stdout) =>
        Parse(stdout).Select(e => e.Name).Where(n => n is not "." and not "..").Order(StringComparer.Ordinal).ToList();
}
