using SmbServer.Configuration.ParameterTypes;
using SmbServer.Users;
using static SmbServer.Configuration.ParameterScope;

namespace SmbServer.Configuration;

/// <summary>
/// The parameter table: the one place parameters are declared. The loader, the typed
/// configuration, the dump and docs/configuration.md all follow it. Every row is a parameter the
/// server acts on; names, synonyms and defaults follow Samba where Samba's make sense for us.
/// </summary>
public static class SmbConfParameters
{
    // ----- types shared by several rows -----

    private static readonly EnumType<SmbDialect> DialectType = new(
        [
            ("SMB2_02", SmbDialect.Smb202), ("SMB2_10", SmbDialect.Smb210), ("SMB3_00", SmbDialect.Smb300),
            ("SMB3_02", SmbDialect.Smb302), ("SMB3_11", SmbDialect.Smb311),
            // Samba's aliases: SMB2 is SMB2_10, SMB3 is SMB3_11.
            ("SMB2", SmbDialect.Smb210), ("SMB3", SmbDialect.Smb311),
        ],
        [
            ("NT1", "SMB1 (NT1) is not supported: the lowest dialect is SMB2_02"),
            ("LANMAN2", "SMB1 (LANMAN2) is not supported: the lowest dialect is SMB2_02"),
            ("LANMAN1", "SMB1 (LANMAN1) is not supported: the lowest dialect is SMB2_02"),
            ("COREPLUS", "SMB1 (COREPLUS) is not supported: the lowest dialect is SMB2_02"),
            ("CORE", "SMB1 (CORE) is not supported: the lowest dialect is SMB2_02"),
        ]);

    private static readonly EnumType<SmbEncrypt> EncryptType = new(
    [
        ("off", SmbEncrypt.Off), ("if_required", SmbEncrypt.IfRequired), ("desired", SmbEncrypt.Desired),
        ("required", SmbEncrypt.Required),
        ("no", SmbEncrypt.Off), ("false", SmbEncrypt.Off), ("disabled", SmbEncrypt.Off),
        ("default", SmbEncrypt.IfRequired), ("auto", SmbEncrypt.IfRequired),
        ("yes", SmbEncrypt.Desired), ("true", SmbEncrypt.Desired), ("on", SmbEncrypt.Desired), ("enabled", SmbEncrypt.Desired),
        ("mandatory", SmbEncrypt.Required), ("forced", SmbEncrypt.Required),
    ]);

    private static readonly IntegerType NonNegative = new(0, int.MaxValue);

    // ----- [global] -----

    public static readonly Parameter<string> Workgroup = new("workgroup", Global, StringType.Instance, "WORKGROUP",
        "Workgroup (or domain) name the server reports: in the NTLMSSP challenge's target name and to srvsvc/wkssvc callers.");

    public static readonly Parameter<string> NetbiosName = new("netbios name", Global, new StringType(15), "SMBSERVER",
        "Name of the server as it reports itself (NTLMSSP target information, srvsvc NetServerGetInfo). At most 15 characters.",
        defaultDescription: "the host name's first label, upper-cased, cut to 15 characters",
        computedDefault: o => DefaultNetbiosName(o.HostName));

    public static readonly Parameter<string> ServerString = new("server string", Global, StringType.Instance, "SmbServer %v",
        "Description of the server shown in share and server lists (srvsvc NetServerGetInfo comment). `%v` becomes the server version, `%h` the host name, `%%` a percent sign.");

    public static readonly Parameter<IReadOnlyList<InterfaceEntry>> Interfaces = new("interfaces", Global, InterfaceListType.Instance, "",
        "Interface names (`eth0`, `eth*`), addresses (`192.168.1.10`) and networks (`192.168.1.0/24`) that select the local addresses to listen on. Used only with `bind interfaces only = yes`; empty means all addresses.");

    public static readonly Parameter<bool> BindInterfacesOnly = new("bind interfaces only", Global, BooleanType.Instance, "no",
        "When yes, listen only on the addresses selected by `interfaces`; when no, listen on all addresses.");

    public static readonly Parameter<IReadOnlyList<int>> SmbPorts = new("smb ports", Global, PortListType.Instance, "445",
        "TCP ports to listen on (direct SMB over TCP, no NetBIOS session service).");

    public static readonly Parameter<SmbDialect> ServerMinProtocol = new("server min protocol", Global, DialectType, "SMB2_02",
        "Lowest dialect the server negotiates. SMB2 means SMB2_10 and SMB3 means SMB3_11; SMB1 dialects (NT1, LANMAN1, ...) are refused.",
        synonyms: [new("min protocol")]);

    public static readonly Parameter<SmbDialect> ServerMaxProtocol = new("server max protocol", Global, DialectType, "SMB3_11",
        "Highest dialect the server negotiates. SMB2 means SMB2_10 and SMB3 means SMB3_11. Must not be lower than `server min protocol`.",
        synonyms: [new("max protocol"), new("protocol")]);

    public static readonly Parameter<ServerSigning> ServerSigningParameter = new("server signing", Global,
        new EnumType<ServerSigning>(
        [
            ("auto", ServerSigning.Auto), ("mandatory", ServerSigning.Mandatory), ("disabled", ServerSigning.Disabled),
            ("default", ServerSigning.Auto), ("if_required", ServerSigning.Auto), ("desired", ServerSigning.Auto),
            ("yes", ServerSigning.Auto), ("true", ServerSigning.Auto), ("on", ServerSigning.Auto), ("enabled", ServerSigning.Auto),
            ("required", ServerSigning.Mandatory), ("forced", ServerSigning.Mandatory),
            ("off", ServerSigning.Disabled), ("no", ServerSigning.Disabled), ("false", ServerSigning.Disabled),
        ]),
        "auto",
        "auto: signing is enabled and used when the client requires it. mandatory: the server requires signing (SMB2_NEGOTIATE_SIGNING_REQUIRED) on every authenticated session. disabled: the server does not ask for signing, but still signs when the client requires it, as MS-SMB2 demands.");

    public static readonly Parameter<MapToGuest> MapToGuestParameter = new("map to guest", Global,
        new EnumType<MapToGuest>([("never", MapToGuest.Never), ("bad user", MapToGuest.BadUser), ("bad password", MapToGuest.BadPassword)]),
        "never",
        "never: failed logons fail. bad user: a logon with a user name that is not in the user database becomes a guest session (a wrong password for a known user still fails). bad password: a wrong password also becomes a guest session (users then wonder why they cannot see their files; avoid).");

    public static readonly Parameter<string> GuestAccount = new("guest account", Global, StringType.Instance, "nobody",
        "Account guest sessions run as: the user name reported for them, and the Unix account (from /etc/passwd) whose identity the server uses for their file access.");

    public static readonly Parameter<string> SmbPasswdFile = new("smb passwd file", Global, StringType.Instance, "/var/lib/smbserver/smbpasswd",
        "User database in Samba's smbpasswd format, managed with the `user` command. Re-read when it changes.",
        defaultDescription: "`smbpasswd` in the server's state directory",
        computedDefault: o => Path.Combine(o.StateDirectory, "smbpasswd"));

    public static readonly Parameter<int> LogLevel = new("log level", Global, new IntegerType(0, 10), "0",
        "Amount of logging: 0 errors and warnings, 1-2 information, 3-4 debug, 5-10 trace (every request).",
        synonyms: [new("debuglevel")]);

    public static readonly Parameter<int> MaxSmbdProcesses = new("max smbd processes", Global, NonNegative, "0",
        "Most client connections (TCP) served at once; further connections are closed on accept. 0 means no limit. (In Samba each connection is one smbd process, hence the name.)");

    public static readonly Parameter<IReadOnlyList<Smb3EncryptionAlgorithm>> ServerSmb3EncryptionAlgorithms = new(
        "server smb3 encryption algorithms", Global,
        new EnumListType<Smb3EncryptionAlgorithm>(new EnumType<Smb3EncryptionAlgorithm>(
        [
            ("AES-128-GCM", Smb3EncryptionAlgorithm.Aes128Gcm), ("AES-128-CCM", Smb3EncryptionAlgorithm.Aes128Ccm),
            ("AES-256-GCM", Smb3EncryptionAlgorithm.Aes256Gcm), ("AES-256-CCM", Smb3EncryptionAlgorithm.Aes256Ccm),
        ])),
        "AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM",
        "Ciphers the server accepts for SMB3 encryption, in order of preference (SMB2_ENCRYPTION_CAPABILITIES, MS-SMB2 2.2.4.1.2). SMB 3.0 and 3.0.2 always use AES-128-CCM, which must then be listed for them to encrypt.");

    public static readonly Parameter<IReadOnlyList<Smb3SigningAlgorithm>> ServerSmb3SigningAlgorithms = new(
        "server smb3 signing algorithms", Global,
        new EnumListType<Smb3SigningAlgorithm>(new EnumType<Smb3SigningAlgorithm>(
        [
            ("AES-128-GMAC", Smb3SigningAlgorithm.AesGmac), ("AES-128-CMAC", Smb3SigningAlgorithm.AesCmac),
            ("HMAC-SHA256", Smb3SigningAlgorithm.HmacSha256),
        ])),
        "AES-128-GMAC, AES-128-CMAC, HMAC-SHA256",
        "Signing algorithms the server accepts for SMB 3.1.1, in order of preference (SMB2_SIGNING_CAPABILITIES, MS-SMB2 2.2.4.1.7). Older dialects use the algorithm their dialect fixes (HMAC-SHA256 for 2.x, AES-128-CMAC for 3.0/3.0.2).");

    public static readonly Parameter<int> MaxOpenFiles = new("max open files", Global, new IntegerType(1, int.MaxValue), "16384",
        "Most files and directories one session may hold open at once; a CREATE beyond it is refused.");

    public static readonly Parameter<int> Deadtime = new("deadtime", Global, NonNegative, "0",
        "Minutes after which a connection that has no open files and has sent nothing is closed (clients reconnect by themselves). 0 means never.");

    public static readonly Parameter<int> EventLoopSpin = new("event loop spin", Global, new IntegerType(0, 100_000), "100",
        "Microseconds an event loop that has run out of work keeps polling its connections (yielding the CPU between polls) before it sleeps (one idle disk worker thread polls its queue as long). A client that sends to a sleeping loop pays for waking it; a spinning one it does not have to wake, which is most of the cost of a small request when requests come microseconds apart. The time adapts: a loop whose spins find nothing stops spinning until work comes quickly again, so an idle server sleeps. 0 never spins. Not a Samba parameter.");

    // ----- shares (set in [global], they are the default for every share) -----

    public static readonly Parameter<string> PathParameter = new("path", Share, StringType.Instance, "",
        "Directory the share serves. Required for every share except [homes] (where it defaults to the user's home directory; `%S` and `%U` become the user name, `%H` the home directory).",
        synonyms: [new("directory")]);

    public static readonly Parameter<string> Comment = new("comment", Share, StringType.Instance, "",
        "Description of the share shown in share lists (srvsvc NetShareEnum remark).");

    public static readonly Parameter<bool> ReadOnly = new("read only", Share, BooleanType.Instance, "yes",
        "When yes, clients cannot create, change or delete anything in the share (write access is refused with ACCESS_DENIED; the share reports itself read-only).",
        synonyms: [new("writeable", Inverted: true), new("writable", Inverted: true), new("write ok", Inverted: true)]);

    public static readonly Parameter<bool> GuestOk = new("guest ok", Share, BooleanType.Instance, "no",
        "When yes, guest sessions (and sessions mapped to guest by `map to guest`) may connect to the share.",
        synonyms: [new("public")]);

    public static readonly Parameter<bool> GuestOnly = new("guest only", Share, BooleanType.Instance, "no",
        "When yes (and `guest ok = yes`), every connection to the share uses the guest account's identity, whoever logged on.",
        synonyms: [new("only guest")]);

    public static readonly Parameter<bool> Browseable = new("browseable", Share, BooleanType.Instance, "yes",
        "When no, the share is left out of share lists (srvsvc NetShareEnum) but can still be connected to by name.",
        synonyms: [new("browsable")]);

    public static readonly Parameter<bool> Available = new("available", Share, BooleanType.Instance, "yes",
        "When no, the share is switched off: it is not listed and connecting to it fails with BAD_NETWORK_NAME.");

    public static readonly Parameter<UserList> ValidUsers = new("valid users", Share, UserListType.Instance, "",
        "When not empty, only these users may connect: names, `@group` or `+group` (Unix groups from /etc/group, including primary groups from /etc/passwd), `%S` (the share's name; useful in [homes]). Others get ACCESS_DENIED.");

    public static readonly Parameter<UserList> InvalidUsers = new("invalid users", Share, UserListType.Instance, "",
        "Users who may never connect (same syntax as `valid users`); checked before `valid users`.");

    public static readonly Parameter<HostList> HostsAllow = new("hosts allow", Share, HostListType.Instance, "",
        "Client addresses admitted. Entries: addresses (IPv4, IPv6), prefixes ending in a dot (`192.168.1.`), networks (`10.0.0.0/8`, `10.0.0.0/255.0.0.0`, `fe80::/10`), `*`/`?` address patterns, `ALL`, `localhost`, and `EXCEPT` (`192.168. EXCEPT 192.168.1.5`). Host names are not looked up. In [global] it also applies to every new connection. See \"Host access\" for how it combines with `hosts deny`.",
        synonyms: [new("allow hosts")]);

    public static readonly Parameter<HostList> HostsDeny = new("hosts deny", Share, HostListType.Instance, "",
        "Client addresses refused (same syntax as `hosts allow`; where the two conflict, `hosts allow` wins). In [global] it also applies to every new connection.",
        synonyms: [new("deny hosts")]);

    public static readonly Parameter<VetoFiles> VetoFilesParameter = new("veto files", Share, VetoFilesType.Instance, "",
        "Names that are neither listed nor openable, written between slashes with `*` and `?` wildcards: `/*.tmp/.DS_Store/`. Matched against each path component, ignoring case. Opening or creating such a name fails with OBJECT_NAME_NOT_FOUND.");

    public static readonly Parameter<bool> HideDotFiles = new("hide dot files", Share, BooleanType.Instance, "yes",
        "When yes, files and directories whose names begin with a dot are reported with the HIDDEN attribute.");

    public static readonly Parameter<int> CreateMask = new("create mask", Share, OctalModeType.Instance, "0744",
        "Permission bits a new file may have: the mode the backend derives for it (0666, or 0444 for a read-only file) is ANDed with this mask, then `force create mode` is ORed in.",
        synonyms: [new("create mode")]);

    public static readonly Parameter<int> DirectoryMask = new("directory mask", Share, OctalModeType.Instance, "0755",
        "Permission bits a new directory may have: 0777 ANDed with this mask, then `force directory mode` is ORed in.",
        synonyms: [new("directory mode")]);

    public static readonly Parameter<int> ForceCreateMode = new("force create mode", Share, OctalModeType.Instance, "0000",
        "Permission bits always set on a new file (after `create mask`).");

    public static readonly Parameter<int> ForceDirectoryMode = new("force directory mode", Share, OctalModeType.Instance, "0000",
        "Permission bits always set on a new directory (after `directory mask`).");

    public static readonly Parameter<bool> WideLinks = new("wide links", Share, BooleanType.Instance, "no",
        "When yes, symbolic links may lead outside the share's directory. When no, a path that would leave the share through a link (or `..`) is refused. Has no effect with `follow symlinks = no`.");

    public static readonly Parameter<bool> FollowSymlinks = new("follow symlinks", Share, BooleanType.Instance, "yes",
        "When no, symbolic links are not followed at all: opening a path through one is refused.");

    public static readonly Parameter<IReadOnlyList<string>> NtvfsHandler = new("ntvfs handler", Share,
        new EnumListType<string>(new EnumType<string>([("posix", "posix")])),
        "posix",
        "The NTVFS backend stack that serves the share, outermost first. This build has one disk backend: `posix` (a local directory tree). IPC$ is served by the built-in `ipc` backend and cannot be configured.");

    public static readonly Parameter<CaseSensitivity> CaseSensitive = new("case sensitive", Share,
        new EnumType<CaseSensitivity>(
            [("auto", CaseSensitivity.Auto), ("no", CaseSensitivity.No), ("false", CaseSensitivity.No), ("off", CaseSensitivity.No), ("0", CaseSensitivity.No)],
            [("yes", "case-sensitive names are not supported (use auto or no)"), ("true", "case-sensitive names are not supported (use auto or no)"),
             ("on", "case-sensitive names are not supported (use auto or no)"), ("1", "case-sensitive names are not supported (use auto or no)")]),
        "auto",
        "How names are matched. auto and no both match names ignoring case, as Windows clients expect: when the exact name does not exist, the directory is searched for one that differs only in case. yes is not supported.",
        synonyms: [new("casesignames")]);

    public static readonly Parameter<bool> OplocksParameter = new("oplocks", Share, BooleanType.Instance, "yes",
        "When yes, CREATE grants the oplocks clients ask for (exclusive, batch, level II) and breaks them when another open, a write or a lock needs it; the opener waits for the holder's acknowledgment (at most 35 s). When no, every open gets oplock level none.");

    public static readonly Parameter<bool> Level2Oplocks = new("level2 oplocks", Share, BooleanType.Instance, "yes",
        "When yes, shared read-caching (level II) oplocks are granted to opens of a file others have open, and exclusive or batch oplocks are broken to level II. When no, they are broken to none and only exclusive and batch oplocks are granted. Has no effect with `oplocks = no`.");

    public static readonly Parameter<int> MaxConnections = new("max connections", Share, NonNegative, "0",
        "Most tree connects to this share at once, over all clients; further TREE_CONNECTs to it are refused. 0 means no limit.");

    public static readonly Parameter<SmbEncrypt> ServerSmbEncrypt = new("server smb encrypt", Share, EncryptType, "if_required",
        "SMB3 encryption. off: not offered. if_required: offered, used if the client asks. desired: turned on for clients that can encrypt; others still connect. required: clients that cannot encrypt are refused. In [global] it applies to whole sessions (SMB2_SESSION_FLAG_ENCRYPT_DATA) and is the default for shares; in a share it applies to that share's tree connects (SMB2_SHAREFLAG_ENCRYPT_DATA). `off` in [global] switches encryption off everywhere.",
        synonyms: [new("smb encrypt")]);

    // ----- the table -----

    /// <summary>Every parameter, in documentation order: globals, then share parameters.</summary>
    public static IReadOnlyList<Parameter> All { get; } =
    [
        Workgroup, NetbiosName, ServerString, Interfaces, BindInterfacesOnly, SmbPorts, ServerMinProtocol,
        ServerMaxProtocol, ServerSigningParameter, MapToGuestParameter, GuestAccount, SmbPasswdFile, LogLevel,
        MaxSmbdProcesses, ServerSmb3EncryptionAlgorithms, ServerSmb3SigningAlgorithms, MaxOpenFiles, Deadtime,
        EventLoopSpin, PathParameter, Comment, ReadOnly, GuestOk, GuestOnly, Browseable, Available, ValidUsers, InvalidUsers,
        HostsAllow, HostsDeny, VetoFilesParameter, HideDotFiles, CreateMask, DirectoryMask, ForceCreateMode,
        ForceDirectoryMode, WideLinks, FollowSymlinks, NtvfsHandler, CaseSensitive, OplocksParameter, Level2Oplocks,
        MaxConnections, ServerSmbEncrypt,
    ];

    private static readonly Dictionary<string, (Parameter Parameter, bool Inverted)> ByName = BuildIndex();

    /// <summary>
    /// Parameter names compare ignoring case and whitespace, as in Samba: "read only",
    /// "readonly" and "READ ONLY" are the same name. Enum spellings compare the same way.
    /// </summary>
    public static string NormalizeName(string name)
    {
        Span<char> buffer = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (!char.IsWhiteSpace(c))
                buffer[n++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..n]);
    }

    /// <summary>Finds a parameter by any of its names; <paramref name="inverted"/> is true for an inverted synonym.</summary>
    public static bool TryLookup(string name, out Parameter parameter, out bool inverted)
    {
        if (ByName.TryGetValue(NormalizeName(name), out var hit))
        {
            parameter = hit.Parameter;
            inverted = hit.Inverted;
            return true;
        }
        parameter = null!;
        inverted = false;
        return false;
    }

    internal static string DefaultNetbiosName(string hostName)
    {
        var label = hostName.Split('.')[0].ToUpperInvariant();
        if (label.Length == 0)
            label = "SMBSERVER";
        return label.Length > 15 ? label[..15] : label;
    }

    private static Dictionary<string, (Parameter, bool)> BuildIndex()
    {
        var index = new Dictionary<string, (Parameter, bool)>(StringComparer.Ordinal);
        foreach (var p in All)
        {
            index.Add(NormalizeName(p.Name), (p, false));
            foreach (var s in p.Synonyms)
            {
                if (s.Inverted && p.Type is not BooleanType)
                    throw new InvalidOperationException($"inverted synonym '{s.Name}' of non-boolean '{p.Name}'");
                index.Add(NormalizeName(s.Name), (p, s.Inverted));
            }
        }
        return index;
    }
}
