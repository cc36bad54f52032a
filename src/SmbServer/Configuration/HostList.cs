namespace SmbServer.Configuration;

/// <summary>
/// A parsed `hosts allow` or `hosts deny` value. `A B EXCEPT C` matches what A or B matches unless
/// C matches; EXCEPT nests to the right (`A EXCEPT B EXCEPT C` = A except (B except C)), as in
/// hosts_access(5).
/// </summary>
public sealed class HostList
{
    public static HostList Empty { get; } = new([]);

    public HostList(IReadOnlyList<HostPattern> patterns) => Patterns = patterns;

    public IReadOnlyList<HostPattern> Patterns { get; }

    public bool IsEmpty => Patterns.Count == 0;

    public bool Matches(System.Net.IPAddress client) => MatchFrom(0, client);

    private bool MatchFrom(int start, System.Net.IPAddress client)
    {
        for (var i = start; i < Patterns.Count && Patterns[i].Kind != HostPatternKind.Except; i++)
        {
            if (!Patterns[i].Matches(client))
                continue;
            var except = i;
            while (except < Patterns.Count && Patterns[except].Kind != HostPatternKind.Except)
                except++;
            return except == Patterns.Count || !MatchFrom(except + 1, client);
        }
        return false;
    }

    public override string ToString() => string.Join(", ", Patterns.Select(p => p.Text));
}
