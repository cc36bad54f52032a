namespace SmbServer.IntegrationTests.Clients;

/// <summary>How to run one peer program: directly, or inside a container that has it.</summary>
/// <param name="FileName">The program to start (the peer itself, or `docker`).</param>
/// <param name="PrefixArguments">Arguments that come before the peer's own (the `docker run ...` part).</param>
/// <param name="Via">"local /usr/bin/smbclient" or "docker image X": said in failure messages.</param>
public sealed record PeerCommand(string FileName, IReadOnlyList<string> PrefixArguments, string Via);
