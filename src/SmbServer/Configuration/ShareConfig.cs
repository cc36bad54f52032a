using System.Net;
using SmbServer.Users;

namespace SmbServer.Configuration;

/// <summary>The effective configuration of one share: its own values, then [global]'s, then defaults.</summary>
public sealed class ShareConfig
{
    private readonly EffectiveValues _values;
    private readonly string? _pathOverride;

    internal ShareConfig(string name, ShareKind kind, SectionValues section, EffectiveValues values, string? pathOverride = null)
    {
        Name = name;
        Kind = kind;
        Section = section;
        _values = values;
        _pathOverride = pathOverride;
        HostsAccess = new HostsAccess(Get(SmbConfParameters.HostsAllow), Get(SmbConfParameters.HostsDeny));
    }

    /// <summary>The share's name as written in its section header (or the user's name for a home share).</summary>
    public string Name { get; }

    public ShareKind Kind { get; }

    internal SectionValues Section { get; }

    /// <summary>Where the section was first declared, for messages.</summary>
    public string SourceFile => Section.File;

    public int SourceLine => Section.Line;

    /// <summary>Any share parameter's effective value.</summary>
    public T Get<T>(Parameter<T> parameter) where T : notnull => (T)_values.ForShare(parameter, Section);

    public string Path => _pathOverride ?? Get(SmbConfParameters.PathParameter);
    public string Comment => Get(SmbConfParameters.Comment);
    public bool ReadOnly => Get(SmbConfParameters.ReadOnly);
    public bool GuestOk => Get(SmbConfParameters.GuestOk);
    public bool GuestOnly => Get(SmbConfParameters.GuestOnly);
    public bool Browseable => Get(SmbConfParameters.Browseable);
    public bool Available => Get(SmbConfParameters.Available);
    public UserList ValidUsers => Get(SmbConfParameters.ValidUsers);
    public UserList InvalidUsers => Get(SmbConfParameters.InvalidUsers);
    public HostsAccess HostsAccess { get; }
    public VetoFiles VetoFiles => Get(SmbConfParameters.VetoFilesParameter);
    public bool HideDotFiles => Get(SmbConfParameters.HideDotFiles);
    public int CreateMask => Get(SmbConfParameters.CreateMask);
    public int DirectoryMask => Get(SmbConfParameters.DirectoryMask);
    public int ForceCreateMode => Get(SmbConfParameters.ForceCreateMode);
    public int ForceDirectoryMode => Get(SmbConfParameters.ForceDirectoryMode);
    public bool WideLinks => Get(SmbConfParameters.WideLinks);
    public bool FollowSymlinks => Get(SmbConfParameters.FollowSymlinks);
    public IReadOnlyList<string> NtvfsHandlers => Get(SmbConfParameters.NtvfsHandler);
    public CaseSensitivity CaseSensitive => Get(SmbConfParameters.CaseSensitive);
    public int MaxConnections => Get(SmbConfParameters.MaxConnections);
    public bool Oplocks => Get(SmbConfParameters.OplocksParameter);
    public bool Level2Oplocks => Get(SmbConfParameters.Level2Oplocks);

    /// <summary>
    /// The share's encryption policy. `off` in [global] switches encryption off everywhere, so a
    /// share cannot turn it back on.
    /// </summary>
    public SmbEncrypt SmbEncrypt =>
        (SmbEncrypt)_values.ForGlobal(SmbConfParameters.ServerSmbEncrypt) == SmbEncrypt.Off
            ? SmbEncrypt.Off
            : Get(SmbConfParameters.ServerSmbEncrypt);

    /// <summary>Mode of a new file whose backend-derived mode is <paramref name="requested"/>.</summary>
    public int NewFileMode(int requested) => (requested & CreateMask) | ForceCreateMode;

    /// <summary>Mode of a new directory whose backend-derived mode is <paramref name="requested"/>.</summary>
    public int NewDirectoryMode(int requested) => (requested & DirectoryMask) | ForceDirectoryMode;

    public bool IsHostAllowed(IPAddress client) => HostsAccess.IsAllowed(client);

    /// <summary>`invalid users` refuses; then, if `valid users` is set, the user must be in it.</summary>
    public bool IsUserAllowed(string userName, IUnixGroupLookup groups)
    {
        if (InvalidUsers.Contains(userName, groups, Name))
            return false;
        return ValidUsers.IsEmpty || ValidUsers.Contains(userName, groups, Name);
    }

    /// <summary>
    /// The share a user gets from [homes]: named after the user, with `path` defaulting to the
    /// user's home directory, and `%S`/`%U` (user name) and `%H` (home directory) substituted in it.
    /// </summary>
    /// <exception cref="ArgumentException">The name could lead the path elsewhere ('/', '\0', "." or "..").</exception>
    public ShareConfig ForHomeUser(string userName, string homeDirectory)
    {
        if (Kind != ShareKind.Homes)
            throw new InvalidOperationException("only [homes] makes home shares");
        if (userName.Length == 0 || userName is "." or ".." || userName.AsSpan().IndexOfAny('/', '\0') >= 0)
            throw new ArgumentException($"'{userName}' cannot name a home share", nameof(userName));
        var configured = Get(SmbConfParameters.PathParameter);
        var path = configured.Length == 0
            ? homeDirectory
            : configured.Replace("%S", userName, StringComparison.Ordinal)
                .Replace("%U", userName, StringComparison.Ordinal)
                .Replace("%H", homeDirectory, StringComparison.Ordinal);
        return new ShareConfig(userName, ShareKind.HomeOfUser, Section, _values, path);
    }

    public override string ToString() => $"[{Name}] {Path}";
}
