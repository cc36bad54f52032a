namespace SmbServer.Configuration;

/// <summary>
/// Loads smb.conf into a <see cref="ServerConfig"/>: the syntax is <see cref="SmbConfReader"/>'s,
/// the parameters are <see cref="SmbConfParameters"/>' table.
/// <list type="bullet">
/// <item>Parameters before the first section, and in [global], are global. [global] may appear
///   more than once; so may a share, whose sections are merged (a later value wins).</item>
/// <item>[homes] is the template for users' home shares; [IPC$] carries settings for the built-in
///   IPC$ share; [printers] is ignored with a warning (no printing).</item>
/// <item>Unknown parameters, and global parameters in a share section, are warnings. Invalid values
///   are errors, and the parameter keeps its default.</item>
/// </list>
/// </summary>
public static class SmbConfLoader
{
    private const int MaxShareNameLength = 80;

    public static ConfigLoadResult Load(string path, ConfigLoadOptions? options = null)
    {
        var items = new List<SmbConfReader.Item>();
        var errors = new List<ConfigDiagnostic>();
        var files = new List<string>();
        SmbConfReader.ReadFile(path, items, errors, files);
        return Build(items, errors, files, options ?? ConfigLoadOptions.Default, path);
    }

    /// <summary>Loads text (the embedded default, tests); <paramref name="fileName"/> names it in messages and anchors includes.</summary>
    public static ConfigLoadResult LoadText(string text, string fileName, ConfigLoadOptions? options = null)
    {
        var items = new List<SmbConfReader.Item>();
        var errors = new List<ConfigDiagnostic>();
        var files = new List<string>();
        SmbConfReader.ReadText(text, fileName, items, errors, files);
        return Build(items, errors, files, options ?? ConfigLoadOptions.Default, fileName);
    }

    private static ConfigLoadResult Build(List<SmbConfReader.Item> items, List<ConfigDiagnostic> errors,
        List<string> files, ConfigLoadOptions options, string mainFile)
    {
        var warnings = new List<ConfigDiagnostic>();
        var global = new SectionValues("global", mainFile, 0);
        var shares = new List<(SectionValues Section, ShareKind Kind)>();
        var byName = new Dictionary<string, SectionValues>(StringComparer.OrdinalIgnoreCase);
        SectionValues? current = global;
        var typeWarnings = new List<string>();

        foreach (var item in items)
        {
            if (item is SmbConfReader.SectionItem section)
            {
                current = OpenSection(section, global, shares, byName, errors, warnings);
                continue;
            }
            var p = (SmbConfReader.ParameterItem)item;
            if (current is null)
                continue; // inside [printers] or an invalid section: already reported

            if (!SmbConfParameters.TryLookup(p.Name, out var parameter, out var inverted))
            {
                warnings.Add(new ConfigDiagnostic(p.File, p.Line, $"unknown parameter '{p.Name}' (ignored)"));
                continue;
            }
            if (parameter.Scope == ParameterScope.Global && current != global)
            {
                warnings.Add(new ConfigDiagnostic(p.File, p.Line,
                    $"global parameter '{parameter.Name}' in share section [{current.Name}] is ignored"));
                continue;
            }
            typeWarnings.Clear();
            if (!parameter.Type.TryParseBoxed(p.Value, out var value, out var error, typeWarnings))
            {
                errors.Add(new ConfigDiagnostic(p.File, p.Line, $"invalid value '{p.Value}' for '{p.Name}': {error}"));
                continue;
            }
            foreach (var w in typeWarnings)
                warnings.Add(new ConfigDiagnostic(p.File, p.Line, $"{p.Name}: {w}"));
            if (inverted)
                value = !(bool)value;
            current.Set[parameter] = new SectionValues.Assignment(value, p.File, p.Line);
        }

        var values = new EffectiveValues(global, options);
        var shareConfigs = new List<ShareConfig>();
        foreach (var (section, kind) in shares)
        {
            var share = new ShareConfig(section.Name, kind, section, values);
            CheckShare(share, section, errors, warnings);
            shareConfigs.Add(share);
        }
        CheckGlobal(global, values, errors);

        var config = new ServerConfig(values, shareConfigs, files);
        return new ConfigLoadResult(config, errors, warnings);
    }

    /// <summary>Returns where the section's parameters go, or null to drop them.</summary>
    private static SectionValues? OpenSection(SmbConfReader.SectionItem header, SectionValues global,
        List<(SectionValues, ShareKind)> shares, Dictionary<string, SectionValues> byName,
        List<ConfigDiagnostic> errors, List<ConfigDiagnostic> warnings)
    {
        var name = header.Name;
        if (name.Equals("global", StringComparison.OrdinalIgnoreCase))
            return global;
        if (name.Equals("printers", StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add(new ConfigDiagnostic(header.File, header.Line, "printing is not supported: [printers] is ignored"));
            return null;
        }
        if (byName.TryGetValue(name, out var existing))
            return existing;
        if (name.Length > MaxShareNameLength)
        {
            errors.Add(new ConfigDiagnostic(header.File, header.Line, $"share name longer than {MaxShareNameLength} characters"));
            return null;
        }
        var bad = name.FirstOrDefault(c => char.IsControl(c) || c is '\\' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|');
        if (bad != default)
        {
            errors.Add(new ConfigDiagnostic(header.File, header.Line,
                $"share name [{name}] contains '{(char.IsControl(bad) ? "\\u" + ((int)bad).ToString("x4") : bad.ToString())}', which clients cannot use"));
            return null;
        }
        var kind = name.Equals("homes", StringComparison.OrdinalIgnoreCase) ? ShareKind.Homes
            : name.Equals("IPC$", StringComparison.OrdinalIgnoreCase) ? ShareKind.Ipc
            : ShareKind.Disk;
        var section = new SectionValues(name, header.File, header.Line);
        byName.Add(name, section);
        shares.Add((section, kind));
        return section;
    }

    private static void CheckShare(ShareConfig share, SectionValues section, List<ConfigDiagnostic> errors, List<ConfigDiagnostic> warnings)
    {
        if (share.Kind == ShareKind.Disk && share.Path.Length == 0)
            errors.Add(new ConfigDiagnostic(section.File, section.Line, $"share [{share.Name}] has no path"));
        if (share.Kind == ShareKind.Disk && share.Path.Contains('%')
            && section.Set.TryGetValue(SmbConfParameters.PathParameter, out var at))
            warnings.Add(new ConfigDiagnostic(at.File, at.Line, $"path of [{share.Name}]: '%' substitutions are only made in [homes]; the path is used as written"));
        if (share.GuestOnly && !share.GuestOk && section.Set.TryGetValue(SmbConfParameters.GuestOnly, out var go))
            warnings.Add(new ConfigDiagnostic(go.File, go.Line, $"'guest only' has no effect in [{share.Name}] without 'guest ok = yes'"));
    }

    private static void CheckGlobal(SectionValues global, EffectiveValues values, List<ConfigDiagnostic> errors)
    {
        var min = (SmbDialect)values.ForGlobal(SmbConfParameters.ServerMinProtocol);
        var max = (SmbDialect)values.ForGlobal(SmbConfParameters.ServerMaxProtocol);
        if (min > max)
        {
            var at = global.Set.GetValueOrDefault(SmbConfParameters.ServerMinProtocol)
                ?? global.Set.GetValueOrDefault(SmbConfParameters.ServerMaxProtocol);
            errors.Add(new ConfigDiagnostic(at?.File ?? global.File, at?.Line ?? 0,
                $"server min protocol ({SmbConfParameters.ServerMinProtocol.TypedType.Format(min)}) is higher than server max protocol ({SmbConfParameters.ServerMaxProtocol.TypedType.Format(max)})"));
        }
    }
}
