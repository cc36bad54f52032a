namespace SmbServer.Configuration;

/// <summary>
/// Prints the effective configuration the way testparm does: [global], then each share. Without
/// <c>verbose</c>, only values that differ from what would apply anyway: in [global] from the
/// table's defaults, in a share from what it inherits from [global]. With <c>verbose</c>, every
/// parameter (in [global] the share parameters show the defaults shares inherit).
/// </summary>
public static class ConfigDump
{
    public static void Write(ServerConfig config, TextWriter output, bool verbose)
    {
        var values = config.Values;
        output.WriteLine("# Global parameters");
        output.WriteLine("[global]");
        foreach (var p in SmbConfParameters.All)
        {
            var value = values.ForGlobal(p);
            var text = p.Type.FormatBoxed(value);
            if (verbose || text != p.Type.FormatBoxed(p.DefaultValue(values.Options)))
                WriteLine(output, p, text);
        }

        foreach (var share in config.Sections)
        {
            output.WriteLine();
            output.WriteLine($"[{share.Name}]");
            foreach (var p in SmbConfParameters.All)
            {
                if (p.Scope != ParameterScope.Share)
                    continue;
                var text = p.Type.FormatBoxed(values.ForShare(p, share.Section));
                if (verbose || (share.Section.Set.ContainsKey(p) && text != p.Type.FormatBoxed(values.ForGlobal(p))))
                    WriteLine(output, p, text);
            }
        }
    }

    private static void WriteLine(TextWriter output, Parameter p, string text) =>
        output.WriteLine(text.Length == 0 ? $"\t{p.Name} =" : $"\t{p.Name} = {text}");
}
