using System.Reflection;

namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>Where the repository, the built server and the helper scripts are.</summary>
public static class RepoPaths
{
    /// <summary>The directory holding SmbServer.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The build configuration of this test assembly (Debug/Release): the server under test is
    /// the one built alongside it, never a stale build of the other configuration.
    /// </summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string ServerDll => Path.Combine(Root, "src", "SmbServer", "bin", Configuration, "net10.0", "smbserver.dll");

    public static string SambaReferenceScript => Path.Combine(Root, "bench", "samba-reference.sh");

    public static string ConformanceBaseline => Path.Combine(Root, "integration", "conformance-baseline.json");

    public static string PeersDockerfileDir => Path.Combine(Root, "integration", "peers");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmbServer.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"SmbServer.sln not found above {AppContext.BaseDirectory}.");
    }
}
