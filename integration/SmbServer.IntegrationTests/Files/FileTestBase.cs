using SmbServer.IntegrationTests.Clients;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Files;

/// <summary>
/// What the file-serving tests share: the server, a local scratch directory that smbclient runs
/// in (deleted after each test), and assertions that put smbclient's and the server's output in
/// the failure message.
/// </summary>
public abstract class FileTestBase : IDisposable
{
    protected FileTestBase(ServerProcess server)
    {
        Server = server;
        Local = Directory.CreateTempSubdirectory("smbserver-files-").FullName;
    }

    protected ServerProcess Server { get; }

    /// <summary>The local directory smbclient runs in: what `put` reads and `get` writes.</summary>
    protected string Local { get; }

    protected string LocalPath(params string[] parts) => Path.Combine([Local, .. parts]);

    /// <summary>"user": alice on the user share; "guest": no credentials on the `guest ok` share.</summary>
    protected static (SmbLogin Login, string Share) As(string who) => who switch
    {
        "user" => (SmbLogin.User(TestUsers.Alice), Fixtures.FileServingServerFixture.UserShare),
        "guest" => (SmbLogin.Guest, Fixtures.FileServingServerFixture.GuestShare),
        _ => throw new ArgumentOutOfRangeException(nameof(who), who, "user or guest"),
    };

    protected ProcessResult Run(string who, string commands, string? localDirectory = null, TimeSpan? timeout = null)
    {
        var (login, share) = As(who);
        return FileClient.Run(Server, share, login, commands, localDirectory ?? Local, timeout);
    }

    protected ProcessResult Run(SmbLogin login, string share, string commands, string? localDirectory = null) =>
        FileClient.Run(Server, share, login, commands, localDirectory ?? Local);

    /// <summary>Where a remote path of the share lives on the server's disk.</summary>
    protected string OnServer(string share, params string[] parts) => Path.Combine([Server.SharePath(share), .. parts]);

    protected string OnServerAs(string who, params string[] parts) => OnServer(As(who).Share, parts);

    /// <summary>smbclient succeeded and reported no NT_STATUS error for any of its commands.</summary>
    protected void AssertClean(ProcessResult result) =>
        Assert.True(result.ExitCode == 0 && !result.TimedOut && !result.Output.Contains("NT_STATUS_", StringComparison.Ordinal),
            $"expected every command to succeed\n{result.Describe()}\n{Server.Describe()}");

    /// <summary>
    /// smbclient reported one of <paramref name="statuses"/>. Its exit code is not checked: for
    /// some commands (mkdir, rm, rmdir) smbclient prints the error and still exits 0.
    /// </summary>
    protected void AssertRefused(ProcessResult result, params string[] statuses) =>
        Assert.True(!result.TimedOut && statuses.Any(s => result.Output.Contains(s, StringComparison.Ordinal)),
            $"expected {string.Join(" or ", statuses)}\n{result.Describe()}\n{Server.Describe()}");

    /// <summary>A failure message with the client's and the server's side.</summary>
    protected string Context(ProcessResult result) => $"{result.Describe()}\n{Server.Describe()}";

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
        try { Directory.Delete(Local, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
