namespace SmbServer.Configuration;

/// <summary>
/// Facts about the host that some defaults depend on. The host sets them; tests pin them so that
/// defaults do not depend on the machine the tests run on.
/// </summary>
public sealed record ConfigLoadOptions
{
    /// <summary>Directory for server state; `smb passwd file` defaults to `smbpasswd` inside it.</summary>
    public string StateDirectory { get; init; } = "/var/lib/smbserver";

    /// <summary>Host name; `netbios name` defaults to its first label, upper-cased, at most 15 characters.</summary>
    public string HostName { get; init; } = Environment.MachineName;

    /// <summary>Server version, substituted for `%v` in `server string`.</summary>
    public string Version { get; init; } = DefaultVersion();

    public static ConfigLoadOptions Default { get; } = new();

    private static string DefaultVersion()
    {
        var v = typeof(ConfigLoadOptions).Assembly.GetName().Version;
        return v is null ? "0.0.0" : $"{v.Major}.{v.Minor}.{v.Build}";
    }
}
