using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>
/// The fallback for machines without the Samba client packages: run them in a container on the
/// host's network (the server under test listens on the host's loopback). Used only when a
/// Docker engine answers; no engine runs on the project's own machines, where the local
/// packages are used.
/// </summary>
public static class DockerEngine
{
    /// <summary>SMBSERVER_PEER_IMAGE, or an image built from integration/peers/Dockerfile.</summary>
    public static string Image { get; } =
        Environment.GetEnvironmentVariable("SMBSERVER_PEER_IMAGE") is { Length: > 0 } image ? image : "smbserver-peers:bookworm";

    private static readonly Lazy<string?> s_unavailableReason = new(Probe);
    private static readonly Lazy<string?> s_imageProblem = new(EnsureImage);

    /// <summary>Null when an engine answers; otherwise why not.</summary>
    public static string? UnavailableReason => s_unavailableReason.Value;

    public static PeerCommand? TryCommand(string program)
    {
        if (UnavailableReason is not null || s_imageProblem.Value is not null)
            return null;
        return new PeerCommand("docker", ["run", "--rm", "--network", "host", Image, program], $"docker image {Image}");
    }

    /// <summary>The image problem, when an engine answers but the image cannot be had.</summary>
    public static string? ImageProblem => UnavailableReason is null ? s_imageProblem.Value : null;

    private static string? Probe()
    {
        if (Peers.FindLocal("docker") is not { } docker)
            return "no docker CLI";
        // The CLI honours DOCKER_HOST and contexts; `version` fails fast when no engine answers.
        var result = ProcessRunner.Run(docker, ["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(15));
        return result.ExitCode == 0 && result.Stdout.Trim().Length > 0
            ? null
            : $"no Docker engine answers ({FirstLine(result.Stderr)})";
    }

    private static string? EnsureImage()
    {
        var docker = Peers.FindLocal("docker") ?? "docker";
        if (ProcessRunner.Run(docker, ["image", "inspect", Image], TimeSpan.FromSeconds(30)).ExitCode == 0)
            return null;
        var build = ProcessRunner.Run(docker, ["build", "-t", Image, RepoPaths.PeersDockerfileDir], TimeSpan.FromMinutes(10));
        return build.ExitCode == 0 ? null : $"could not build {Image}:\n{build.Describe()}";
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
