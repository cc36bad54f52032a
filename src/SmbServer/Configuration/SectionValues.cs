namespace SmbServer.Configuration;

/// <summary>The values written in one section (merged over repeated headers), each with where it was written.</summary>
internal sealed class SectionValues(string name, string file, int line)
{
    public string Name { get; } = name;
    public string File { get; } = file;
    public int Line { get; } = line;
    public Dictionary<Parameter, Assignment> Set { get; } = [];

    internal sealed record Assignment(object Value, string File, int Line);
}

/// <summary>
/// Resolves a parameter's effective value: written in the share, else written in [global]
/// (share parameters set in [global] are every share's default, as in Samba), else the table's default.
/// </summary>
internal sealed class EffectiveValues(SectionValues global, ConfigLoadOptions options)
{
    public SectionValues Global { get; } = global;
    public ConfigLoadOptions Options { get; } = options;

    public object ForGlobal(Parameter p) =>
        Global.Set.TryGetValue(p, out var a) ? a.Value : p.DefaultValue(Options);

    public object ForShare(Parameter p, SectionValues share) =>
        share.Set.TryGetValue(p, out var a) ? a.Value : ForGlobal(p);
}
