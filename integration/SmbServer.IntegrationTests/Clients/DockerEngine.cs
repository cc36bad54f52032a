using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>
/// Peers in a container, through Testcontainers, when a Docker engine answers: one long-lived
/// container of the peers image on the host's network (the server under test listens on the
/// host's loopback), started once per test run and removed by Testcontainers when the run ends;
/// each peer command is a `docker exec` into it. No engine runs on the project's own machines,
/// where <see cref="Peers"/> uses the locally installed packages instead.
/// </summary>
public static class DockerEngine
{
    /// <summary>SMBSERVER_PEER_IMAGE, or an image built from integration/peers/Dockerfile.</summary>
    public static string Image { get; } =
        Environment.GetEnvironmentVariable("SMBSERVER_PEER_IMAGE") is { Length: > 0 } image ? image : "smbserver-peers:bookworm";

    private static readonly Lazy<(IContainer? Container, string? Problem)> s_container = new(Start);

    /// <summary>Null when a container with the peers runs; otherwise why not.</summary>
    public static string? UnavailableReason => s_container.Value.Problem;

    public static string? ImageProblem => null;

    public static PeerCommand? TryCommand(string program)
    {
        var (container, _) = s_container.Value;
        if (container == null) return null;
        var docker = Peers.FindLocal("docker") ?? "docker";
        return new PeerCommand(docker, ["exec", container.Id, program], $"container {container.Id[..12]} of {Image} (Testcontainers)");
    }

    private static (IContainer?, string?) Start()
    {
        // Testcontainers needs the docker CLI for our `docker exec`; without it there is nothing to try.
        if (Peers.FindLocal("docker") is null) return (null, "no docker CLI");
        try
        {
            if (Environment.GetEnvironmentVariable("SMBSERVER_PEER_IMAGE") is not { Length: > 0 })
            {
                new ImageFromDockerfileBuilder()
                    .WithDockerfileDirectory(RepoPaths.PeersDockerfileDir)
                    .WithName(Image)
                    .Build()
                    .CreateAsync().GetAwaiter().GetResult();
            }
            var container = new ContainerBuilder(Image)
                .WithEntrypoint("sleep", "infinity")
                .WithCreateParameterModifier(p => (p.HostConfig ??= new Docker.DotNet.Models.HostConfig()).NetworkMode = "host")
                .Build();
            container.StartAsync().GetAwaiter().GetResult();
            return (container, null);
        }
        catch (Exception e)
        {
            // DockerUnavailableException and friends: no engine answers, or the image cannot be had.
            return (null, $"no Docker engine answers ({e.GetType().Name}: {e.Message.Split('\n', 2)[0].Trim()})");
        }
    }
}
