using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>How smbclient logs in: as a user with a password, or with no credentials (`-N`).</summary>
/// <param name="Label">"alice", "guest": said in failure messages.</param>
/// <param name="Arguments">smbclient's login arguments.</param>
public sealed record SmbLogin(string Label, IReadOnlyList<string> Arguments)
{
    public static SmbLogin User(TestUser user) => new(user.Name, ["-U", user.Credentials]);

    /// <summary>No credentials: a guest session where `map to guest = bad user` allows it.</summary>
    public static SmbLogin Guest { get; } = new("guest", ["-N"]);

    public override string ToString() => Label;
}
