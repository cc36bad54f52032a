namespace SmbServer.Configuration;

/// <summary>
/// The `check` command (testparm): loads a configuration file, reports its problems as
/// `file:line: error: message` / `file:line: warning: message` on <c>err</c> and prints the
/// effective configuration on <c>out</c>.
/// </summary>
public static class ConfigCheck
{
    /// <returns>0 when the file loads without errors (warnings allowed), 1 otherwise.</returns>
    public static int Run(string path, TextWriter output, TextWriter err, bool verbose) =>
        Run(path, output, err, verbose, ConfigLoadOptions.Default);

    public static int Run(string path, TextWriter output, TextWriter err, bool verbose, ConfigLoadOptions options)
    {
        var result = SmbConfLoader.Load(path, options);
        var all = result.Errors.Select(d => (Diagnostic: d, Severity: "error"))
            .Concat(result.Warnings.Select(d => (Diagnostic: d, Severity: "warning")))
            .OrderBy(x => x.Diagnostic.File, StringComparer.Ordinal).ThenBy(x => x.Diagnostic.Line);
        foreach (var (d, severity) in all)
            err.WriteLine($"{d.File}:{d.Line}: {severity}: {d.Message}");
        if (result.Errors.Count == 1 && result.Errors[0].Line == 0 && result.Config.SourceFiles.Count == 0)
            return 1; // the file itself could not be read: there is nothing to show

        err.WriteLine(result.Success
            ? $"Loaded {path}: {result.Warnings.Count} warning(s)."
            : $"{path}: {result.Errors.Count} error(s), {result.Warnings.Count} warning(s).");
        ConfigDump.Write(result.Config, output, verbose);
        return result.Success ? 0 : 1;
    }
}
