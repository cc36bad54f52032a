namespace SmbServer.Configuration;

/// <summary>
/// One row of the parameter table: the name users write, its synonyms, where it may be set,
/// its value type, its default and what it does. Declared only in <see cref="SmbConfParameters"/>.
/// </summary>
public abstract class Parameter
{
    private protected Parameter(string name, ParameterScope scope, string defaultText, string description,
        IReadOnlyList<ParameterSynonym> synonyms, string? defaultDescription,
        Func<ConfigLoadOptions, string>? computedDefault)
    {
        Name = name;
        Scope = scope;
        DefaultText = defaultText;
        Description = description;
        Synonyms = synonyms;
        DefaultDescription = defaultDescription;
        ComputedDefault = computedDefault;
    }

    /// <summary>The canonical name, as Samba spells it ("read only").</summary>
    public string Name { get; }

    public ParameterScope Scope { get; }

    /// <summary>The default, in smb.conf syntax (for a computed default: the text used when it computes to nothing).</summary>
    public string DefaultText { get; }

    /// <summary>What the parameter does, for the reference documentation.</summary>
    public string Description { get; }

    public IReadOnlyList<ParameterSynonym> Synonyms { get; }

    /// <summary>For defaults that depend on the host (host name, state directory): how to describe them.</summary>
    public string? DefaultDescription { get; }

    internal Func<ConfigLoadOptions, string>? ComputedDefault { get; }

    public abstract ParameterType Type { get; }

    /// <summary>The default's text for this host.</summary>
    internal string EffectiveDefaultText(ConfigLoadOptions options) =>
        ComputedDefault is null ? DefaultText : ComputedDefault(options);

    /// <summary>The default's value for this host. The table's defaults are checked when the table is built.</summary>
    internal object DefaultValue(ConfigLoadOptions options)
    {
        if (ComputedDefault is null && _staticDefault is not null)
            return _staticDefault;
        var text = EffectiveDefaultText(options);
        if (!Type.TryParseBoxed(text, out var value, out var error, []))
            throw new InvalidOperationException($"default of '{Name}' ('{text}') is invalid: {error}");
        if (ComputedDefault is null)
            _staticDefault = value;
        return value;
    }

    private object? _staticDefault;

    public override string ToString() => Name;
}

/// <summary>A parameter whose values are <typeparamref name="T"/>.</summary>
public sealed class Parameter<T> : Parameter where T : notnull
{
    internal Parameter(string name, ParameterScope scope, ParameterType<T> type, string defaultText,
        string description, IReadOnlyList<ParameterSynonym>? synonyms = null, string? defaultDescription = null,
        Func<ConfigLoadOptions, string>? computedDefault = null)
        : base(name, scope, defaultText, description, synonyms ?? [], defaultDescription, computedDefault)
    {
        TypedType = type;
    }

    public ParameterType<T> TypedType { get; }

    public override ParameterType Type => TypedType;
}
