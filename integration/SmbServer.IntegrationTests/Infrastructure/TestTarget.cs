namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>Which server the integration tests drive.</summary>
public enum TestTarget
{
    /// <summary>Our server: src/SmbServer's build output (the default).</summary>
    SmbServer,

    /// <summary>
    /// Samba's smbd started by bench/samba-reference.sh with the same smb.conf: proves that a
    /// test asserts what a reference SMB server really does, before our server can pass it.
    /// </summary>
    Samba,
}

public static class TestTargets
{
    public const string EnvironmentVariable = "SMBSERVER_TEST_TARGET";

    /// <summary>From SMBSERVER_TEST_TARGET: unset, empty or "smbserver" is ours; "samba" is smbd.</summary>
    public static TestTarget Current { get; } = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static TestTarget Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "smbserver" => TestTarget.SmbServer,
        "samba" or "smbd" => TestTarget.Samba,
        _ => throw new InvalidOperationException(
            $"{EnvironmentVariable}='{value}' is not a target: use 'smbserver' (default) or 'samba'."),
    };
}
