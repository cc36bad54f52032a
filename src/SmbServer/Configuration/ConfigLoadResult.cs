namespace SmbServer.Configuration;

/// <summary>
/// What <see cref="SmbConfLoader"/> produced. <see cref="Config"/> is always present: a parameter
/// whose value was invalid keeps its default, so a caller may show the effective configuration
/// even when loading failed. A host must not start (or apply a reload) unless
/// <see cref="Success"/> is true.
/// </summary>
public sealed class ConfigLoadResult
{
    internal ConfigLoadResult(ServerConfig config, IReadOnlyList<ConfigDiagnostic> errors,
        IReadOnlyList<ConfigDiagnostic> warnings)
    {
        Config = config;
        Errors = errors;
        Warnings = warnings;
    }

    public ServerConfig Config { get; }

    /// <summary>Invalid values, syntax errors, unreadable or cyclic includes.</summary>
    public IReadOnlyList<ConfigDiagnostic> Errors { get; }

    /// <summary>Unknown parameters, ignored sections, entries that can never match.</summary>
    public IReadOnlyList<ConfigDiagnostic> Warnings { get; }

    public bool Success => Errors.Count == 0;
}
