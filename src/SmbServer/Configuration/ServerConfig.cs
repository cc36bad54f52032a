using System.Text;
using Microsoft.Extensions.Logging;

namespace SmbServer.Configuration;

/// <summary>
/// The effective configuration: [global] values (or their defaults) and the shares. Made by
/// <see cref="SmbConfLoader"/>; immutable, so a reload builds a new one.
/// </summary>
public sealed class ServerConfig
{
    private readonly EffectiveValues _values;
    private readonly Dictionary<string, ShareConfig> _sharesByName;

    internal ServerConfig(EffectiveValues values, IReadOnlyList<ShareConfig> sections, IReadOnlyList<string> sourceFiles)
    {
        _values = values;
        Sections = sections;
        SourceFiles = sourceFiles;
        Shares = sections.Where(s => s.Kind == ShareKind.Disk).ToList();
        Homes = sections.FirstOrDefault(s => s.Kind == ShareKind.Homes);
        // IPC$ always exists (share lists and named pipes need it); an [IPC$] section only adjusts it.
        Ipc = sections.FirstOrDefault(s => s.Kind == ShareKind.Ipc)
            ?? new ShareConfig("IPC$", ShareKind.Ipc, new SectionValues("IPC$", "(built in)", 0), values);
        _sharesByName = Shares.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        HostsAccess = new HostsAccess(Get(SmbConfParameters.HostsAllow), Get(SmbConfParameters.HostsDeny));
    }

    internal EffectiveValues Values => _values;

    /// <summary>Every share section in file order, including [homes] and [IPC$].</summary>
    internal IReadOnlyList<ShareConfig> Sections { get; }

    /// <summary>The configuration file and every file it included, as full paths (to watch for changes).</summary>
    public IReadOnlyList<string> SourceFiles { get; }

    /// <summary>Disk shares in file order (not [homes], not [IPC$]).</summary>
    public IReadOnlyList<ShareConfig> Shares { get; }

    /// <summary>The [homes] template, if the file has one.</summary>
    public ShareConfig? Homes { get; }

    /// <summary>Settings for the built-in IPC$ share from an [IPC$] section, if the file has one.</summary>
    public ShareConfig Ipc { get; }

    /// <summary>A disk share by name, ignoring case.</summary>
    public ShareConfig? FindShare(string name) => _sharesByName.GetValueOrDefault(name);

    /// <summary>Any global parameter's value (and, for a share parameter, the default that [global] gives shares).</summary>
    public T Get<T>(Parameter<T> parameter) where T : notnull => (T)_values.ForGlobal(parameter);

    public string Workgroup => Get(SmbConfParameters.Workgroup);
    public string NetbiosName => Get(SmbConfParameters.NetbiosName);

    /// <summary>`server string` with `%v` (version), `%h` (host name) and `%%` substituted.</summary>
    public string ServerString => Substitute(Get(SmbConfParameters.ServerString));

    public IReadOnlyList<InterfaceEntry> Interfaces => Get(SmbConfParameters.Interfaces);
    public bool BindInterfacesOnly => Get(SmbConfParameters.BindInterfacesOnly);
    public IReadOnlyList<int> SmbPorts => Get(SmbConfParameters.SmbPorts);
    public SmbDialect ServerMinProtocol => Get(SmbConfParameters.ServerMinProtocol);
    public SmbDialect ServerMaxProtocol => Get(SmbConfParameters.ServerMaxProtocol);
    public ServerSigning ServerSigning => Get(SmbConfParameters.ServerSigningParameter);
    public MapToGuest MapToGuest => Get(SmbConfParameters.MapToGuestParameter);
    public string GuestAccount => Get(SmbConfParameters.GuestAccount);
    public string SmbPasswdFile => Get(SmbConfParameters.SmbPasswdFile);
    public int LogLevel => Get(SmbConfParameters.LogLevel);
    public int MaxSmbdProcesses => Get(SmbConfParameters.MaxSmbdProcesses);
    public SmbEncrypt ServerSmbEncrypt => Get(SmbConfParameters.ServerSmbEncrypt);
    public IReadOnlyList<Smb3EncryptionAlgorithm> EncryptionAlgorithms => Get(SmbConfParameters.ServerSmb3EncryptionAlgorithms);
    public IReadOnlyList<Smb3SigningAlgorithm> SigningAlgorithms => Get(SmbConfParameters.ServerSmb3SigningAlgorithms);
    public int MaxOpenFiles => Get(SmbConfParameters.MaxOpenFiles);

    /// <summary>`deadtime`; <see cref="TimeSpan.Zero"/> means never.</summary>
    public TimeSpan Deadtime => TimeSpan.FromMinutes(Get(SmbConfParameters.Deadtime));

    /// <summary>`event loop spin`: <see cref="TEvent.EventContext.IdleSpin"/> of every loop.</summary>
    public TimeSpan EventLoopSpin => TimeSpan.FromMicroseconds(Get(SmbConfParameters.EventLoopSpin));

    /// <summary>[global]'s `hosts allow`/`hosts deny`, checked for every new connection.</summary>
    public HostsAccess HostsAccess { get; }

    /// <summary>`log level` mapped onto Microsoft.Extensions.Logging: 0 warnings, 1-2 information, 3-4 debug, 5+ trace.</summary>
    public LogLevel MinimumLogLevel => LogLevel switch
    {
        0 => Microsoft.Extensions.Logging.LogLevel.Warning,
        <= 2 => Microsoft.Extensions.Logging.LogLevel.Information,
        <= 4 => Microsoft.Extensions.Logging.LogLevel.Debug,
        _ => Microsoft.Extensions.Logging.LogLevel.Trace,
    };

    private string Substitute(string text)
    {
        if (!text.Contains('%'))
            return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%' || i + 1 == text.Length)
            {
                sb.Append(text[i]);
                continue;
            }
            switch (text[i + 1])
            {
                case 'v': sb.Append(_values.Options.Version); i++; break;
                case 'h': sb.Append(_values.Options.HostName); i++; break;
                case '%': sb.Append('%'); i++; break;
                default: sb.Append('%'); break;
            }
        }
        return sb.ToString();
    }
}
