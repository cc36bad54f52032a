namespace SmbServer.IntegrationTests.Clients;

/// <summary>
/// Finds the real clients the tests drive: Samba's smbclient and smbtorture in a container through
/// Testcontainers when a Docker engine answers, else installed locally (scripts/test.sh installs
/// them). When neither is there the test fails, naming the package: a missing peer never passes
/// silently.
/// </summary>
public static class Peers
{
    /// <summary>The Debian package that ships each program.</summary>
    public static string PackageOf(string program) => program switch
    {
        "smbclient" => "smbclient",
        "smbtorture" => "samba-testsuite",
        "smbd" => "samba",
        _ => program,
    };

    public static PeerCommand Require(string program)
    {
        if (DockerEngine.TryCommand(program) is { } viaDocker)
            return viaDocker;
        if (FindLocal(program) is { } path)
            return new PeerCommand(path, [], $"local {path}");
        var docker = DockerEngine.UnavailableReason ?? DockerEngine.ImageProblem;
        Assert.Fail($"{program} not found: install the Debian package '{PackageOf(program)}' " +
                    $"(apt-get install -y {PackageOf(program)}; scripts/test.sh does this), or run a Docker engine " +
                    $"for the {DockerEngine.Image} image. Docker: {docker}.");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The program on PATH, or in the sbin directories a non-root PATH lacks.</summary>
    public static string? FindLocal(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var directories = path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        foreach (var dir in directories)
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0)
                return candidate;
        }
        return null;
    }
}
