using SmbServer.Configuration;

namespace SmbServer.Tests.Configuration;

public class SmbConfLoaderTests
{
    [Theory]
    [InlineData("read only")]
    [InlineData("readonly")]
    [InlineData("READ ONLY")]
    [InlineData("Read   Only")]
    [InlineData("r e a d o n l y")]
    public void ParameterNamesIgnoreCaseAndWhitespace(string name)
    {
        var config = TestConfig.Clean($"[s]\npath = /s\n{name} = no\n");
        Assert.False(config.FindShare("s")!.ReadOnly);
    }

    [Theory]
    [InlineData("yes", true)] [InlineData("YES", true)] [InlineData("True", true)] [InlineData("1", true)] [InlineData("on", true)] [InlineData("On", true)]
    [InlineData("no", false)] [InlineData("No", false)] [InlineData("FALSE", false)] [InlineData("0", false)] [InlineData("off", false)] [InlineData("OFF", false)]
    public void BooleanSpellings(string text, bool expected)
    {
        var config = TestConfig.Clean($"[global]\nbind interfaces only = {text}\n");
        Assert.Equal(expected, config.BindInterfacesOnly);
    }

    [Theory]
    [InlineData("writable = yes", false)]
    [InlineData("writeable = yes", false)]
    [InlineData("write ok = yes", false)]
    [InlineData("writable = no", true)]
    [InlineData("read only = yes", true)]
    public void InvertedSynonymsOfReadOnly(string line, bool readOnly)
    {
        var config = TestConfig.Clean($"[s]\npath = /s\n{line}\n");
        Assert.Equal(readOnly, config.FindShare("s")!.ReadOnly);
    }

    [Fact]
    public void PlainSynonyms()
    {
        var config = TestConfig.Clean("""
            [global]
            min protocol = SMB3_00
            max protocol = SMB3_02
            debuglevel = 3
            smb encrypt = desired
            [s]
            directory = /srv/s
            browsable = no
            public = yes
            only guest = yes
            allow hosts = 10.0.0.0/8
            deny hosts = 10.1.0.0/16
            create mode = 0600
            directory mode = 0700
            casesignames = no
            """);
        Assert.Equal(SmbDialect.Smb300, config.ServerMinProtocol);
        Assert.Equal(SmbDialect.Smb302, config.ServerMaxProtocol);
        Assert.Equal(3, config.LogLevel);
        Assert.Equal(SmbEncrypt.Desired, config.ServerSmbEncrypt);
        var s = config.FindShare("s")!;
        Assert.Equal("/srv/s", s.Path);
        Assert.False(s.Browseable);
        Assert.True(s.GuestOk);
        Assert.True(s.GuestOnly);
        Assert.Equal("10.0.0.0/8", s.HostsAccess.Allow.ToString());
        Assert.Equal("10.1.0.0/16", s.HostsAccess.Deny.ToString());
        Assert.Equal(0x180, s.CreateMask);
        Assert.Equal(0x1C0, s.DirectoryMask);
        Assert.Equal(CaseSensitivity.No, s.CaseSensitive);
    }

    [Fact]
    public void DefaultsFollowSamba()
    {
        var config = TestConfig.Clean("[s]\npath = /s\n");
        Assert.Equal("WORKGROUP", config.Workgroup);
        Assert.Equal("TESTHOST", config.NetbiosName);
        Assert.Equal("SmbServer 1.2.3", config.ServerString);
        Assert.Empty(config.Interfaces);
        Assert.False(config.BindInterfacesOnly);
        Assert.Equal([445], config.SmbPorts);
        Assert.Equal(SmbDialect.Smb202, config.ServerMinProtocol);
        Assert.Equal(SmbDialect.Smb311, config.ServerMaxProtocol);
        Assert.Equal(ServerSigning.Auto, config.ServerSigning);
        Assert.Equal(MapToGuest.Never, config.MapToGuest);
        Assert.Equal("nobody", config.GuestAccount);
        Assert.Equal("/state/smbpasswd", config.SmbPasswdFile);
        Assert.Equal(0, config.LogLevel);
        Assert.Equal(0, config.MaxSmbdProcesses);
        Assert.Equal(SmbEncrypt.IfRequired, config.ServerSmbEncrypt);
        Assert.Equal([Smb3EncryptionAlgorithm.Aes128Gcm, Smb3EncryptionAlgorithm.Aes128Ccm, Smb3EncryptionAlgorithm.Aes256Gcm, Smb3EncryptionAlgorithm.Aes256Ccm],
            config.EncryptionAlgorithms);
        Assert.Equal([Smb3SigningAlgorithm.AesGmac, Smb3SigningAlgorithm.AesCmac, Smb3SigningAlgorithm.HmacSha256], config.SigningAlgorithms);
        Assert.Equal(16384, config.MaxOpenFiles);
        Assert.Equal(TimeSpan.Zero, config.Deadtime);

        var s = config.FindShare("s")!;
        Assert.Equal("", s.Comment);
        Assert.True(s.ReadOnly);
        Assert.False(s.GuestOk);
        Assert.False(s.GuestOnly);
        Assert.True(s.Browseable);
        Assert.True(s.Available);
        Assert.True(s.ValidUsers.IsEmpty);
        Assert.True(s.InvalidUsers.IsEmpty);
        Assert.True(s.VetoFiles.IsEmpty);
        Assert.True(s.HideDotFiles);
        Assert.Equal(Convert.ToInt32("744", 8), s.CreateMask);
        Assert.Equal(Convert.ToInt32("755", 8), s.DirectoryMask);
        Assert.Equal(0, s.ForceCreateMode);
        Assert.Equal(0, s.ForceDirectoryMode);
        Assert.False(s.WideLinks);
        Assert.True(s.FollowSymlinks);
        Assert.Equal(["posix"], s.NtvfsHandlers);
        Assert.Equal(CaseSensitivity.Auto, s.CaseSensitive);
        Assert.Equal(0, s.MaxConnections);
        Assert.Equal(SmbEncrypt.IfRequired, s.SmbEncrypt);
    }

    [Fact]
    public void NetbiosNameDefaultIsCutTo15Characters()
    {
        var result = SmbConfLoader.LoadText("", "x.conf", TestConfig.Options with { HostName = "averyveryverylonghostname.lan" });
        Assert.Equal("AVERYVERYVERYLO", result.Config.NetbiosName);
    }

    [Fact]
    public void NetbiosNameLongerThan15IsAnError()
    {
        var result = TestConfig.Load("netbios name = SIXTEENCHARSLONG\n");
        Assert.Contains("at most 15", Assert.Single(result.Errors).Message);
        Assert.Equal("TESTHOST", result.Config.NetbiosName); // keeps the default
    }

    [Fact]
    public void ServerStringSubstitutions()
    {
        var config = TestConfig.Clean("server string = %h runs v%v at 100%% %x\n");
        Assert.Equal("testhost.example.com runs v1.2.3 at 100% %x", config.ServerString);
    }

    [Fact]
    public void ShareParametersInGlobalAreDefaultsForShares()
    {
        var config = TestConfig.Clean("""
            [global]
            read only = no
            guest ok = yes
            hosts deny = 10.9.9.9
            veto files = /*.tmp/
            smb encrypt = required
            [a]
            path = /a
            [b]
            path = /b
            read only = yes
            hosts deny = 10.8.8.8
            """);
        var a = config.FindShare("a")!;
        var b = config.FindShare("b")!;
        Assert.False(a.ReadOnly);
        Assert.True(a.GuestOk);
        Assert.True(a.VetoFiles.IsVetoed("x.TMP"));
        Assert.Equal(SmbEncrypt.Required, a.SmbEncrypt);
        Assert.Equal("10.9.9.9", a.HostsAccess.Deny.ToString());
        Assert.True(b.ReadOnly);
        Assert.True(b.GuestOk);
        Assert.Equal("10.8.8.8", b.HostsAccess.Deny.ToString());
        // [global]'s hosts deny still guards every connection.
        Assert.Equal("10.9.9.9", config.HostsAccess.Deny.ToString());
    }

    [Fact]
    public void GlobalEncryptOffWinsOverShare()
    {
        var config = TestConfig.Clean("[global]\nserver smb encrypt = off\n[s]\npath = /s\nsmb encrypt = required\n");
        Assert.Equal(SmbEncrypt.Off, config.FindShare("s")!.SmbEncrypt);
    }

    [Fact]
    public void ShareEncryptOverridesGlobalDefault()
    {
        var config = TestConfig.Clean("[s]\npath = /s\nsmb encrypt = required\n[t]\npath = /t\n");
        Assert.Equal(SmbEncrypt.Required, config.FindShare("s")!.SmbEncrypt);
        Assert.Equal(SmbEncrypt.IfRequired, config.FindShare("t")!.SmbEncrypt);
        Assert.Equal(SmbEncrypt.IfRequired, config.ServerSmbEncrypt);
    }

    [Fact]
    public void UnknownParameterIsAWarningWithFileAndLine()
    {
        var result = TestConfig.Load("[global]\nworkgroup = W\nfrobnicate = yes\n");
        Assert.Empty(result.Errors);
        var w = Assert.Single(result.Warnings);
        Assert.Equal(("/etc/smb.conf", 3), (w.File, w.Line));
        Assert.Contains("unknown parameter 'frobnicate'", w.Message);
        Assert.True(result.Success);
    }

    [Fact]
    public void GlobalParameterInShareIsAWarningAndIgnored()
    {
        var result = TestConfig.Load("[s]\npath = /s\nworkgroup = NOPE\n");
        var w = Assert.Single(result.Warnings);
        Assert.Equal(3, w.Line);
        Assert.Contains("global parameter 'workgroup'", w.Message);
        Assert.Equal("WORKGROUP", result.Config.Workgroup);
    }

    [Theory]
    [InlineData("[global]\nbind interfaces only = maybe\n", 2, "boolean")]
    [InlineData("[global]\nlog level = eleven\n", 2, "integer")]
    [InlineData("[global]\nlog level = 11\n", 2, "between 0 and 10")]
    [InlineData("[global]\nmax open files = 0\n", 2, "at least 1")]
    [InlineData("[global]\ndeadtime = -5\n", 2, "at least 0")]
    [InlineData("[global]\nmap to guest = sometimes\n", 2, "never, bad user, bad password")]
    [InlineData("[global]\nserver signing = perhaps\n", 2, "expected one of")]
    [InlineData("[global]\nsmb ports = 445 99999\n", 2, "not a TCP port")]
    [InlineData("[global]\nsmb ports = ,\n", 2, "at least one port")]
    [InlineData("[global]\nserver smb3 encryption algorithms = AES-512-GCM\n", 2, "AES-512-GCM")]
    [InlineData("[global]\nserver smb3 signing algorithms =\n", 2, "at least one")]
    [InlineData("[global]\ninterfaces = 10.0.0.1/99\n", 2, "not a prefix length")]
    [InlineData("[s]\npath = /s\ncreate mask = 0800\n", 3, "octal")]
    [InlineData("[s]\npath = /s\ncreate mask = 77777\n", 3, "at most 07777")]
    [InlineData("[s]\npath = /s\nntvfs handler = ext4\n", 3, "posix")]
    [InlineData("[s]\npath = /s\nhosts allow = 10.0.0.0/33\n", 3, "not a valid network")]
    [InlineData("[s]\npath = /s\nhosts allow = EXCEPT 10.0.0.1\n", 3, "EXCEPT")]
    [InlineData("[s]\npath = /s\ncase sensitive = yes\n", 3, "not supported")]
    [InlineData("[s]\npath = /s\nmax connections = lots\n", 3, "integer")]
    public void InvalidValuesAreErrorsWithLineNumbers(string text, int line, string reason)
    {
        var result = TestConfig.Load(text);
        var error = Assert.Single(result.Errors);
        Assert.Equal("/etc/smb.conf", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains("invalid value", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void InvalidValueKeepsDefault()
    {
        var result = TestConfig.Load("[s]\npath = /s\nread only = sometimes\n");
        Assert.Single(result.Errors);
        Assert.True(result.Config.FindShare("s")!.ReadOnly);
    }

    [Theory]
    [InlineData("SMB2_02", SmbDialect.Smb202)]
    [InlineData("smb2_10", SmbDialect.Smb210)]
    [InlineData("SMB2", SmbDialect.Smb210)]
    [InlineData("SMB3_00", SmbDialect.Smb300)]
    [InlineData("SMB3_02", SmbDialect.Smb302)]
    [InlineData("SMB3_11", SmbDialect.Smb311)]
    [InlineData("SMB3", SmbDialect.Smb311)]
    public void ProtocolSpellings(string text, SmbDialect dialect)
    {
        var config = TestConfig.Clean($"server max protocol = {text}\n");
        Assert.Equal(dialect, config.ServerMaxProtocol);
    }

    [Theory]
    [InlineData("NT1")]
    [InlineData("LANMAN1")]
    [InlineData("LANMAN2")]
    [InlineData("CORE")]
    [InlineData("COREPLUS")]
    public void Smb1ProtocolsAreRefusedClearly(string text)
    {
        var error = Assert.Single(TestConfig.Load($"server min protocol = {text}\n").Errors);
        Assert.Contains("SMB1", error.Message);
        Assert.Contains("not supported", error.Message);
    }

    [Fact]
    public void MinProtocolAboveMaxIsAnError()
    {
        var result = TestConfig.Load("[global]\nserver max protocol = SMB2_10\nserver min protocol = SMB3\n");
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("higher than server max protocol", error.Message);
    }

    [Theory]
    [InlineData("auto", ServerSigning.Auto)] [InlineData("default", ServerSigning.Auto)] [InlineData("if_required", ServerSigning.Auto)]
    [InlineData("desired", ServerSigning.Auto)] [InlineData("mandatory", ServerSigning.Mandatory)] [InlineData("Required", ServerSigning.Mandatory)]
    [InlineData("disabled", ServerSigning.Disabled)] [InlineData("off", ServerSigning.Disabled)]
    public void SigningSpellings(string text, ServerSigning expected)
    {
        Assert.Equal(expected, TestConfig.Clean($"server signing = {text}\n").ServerSigning);
    }

    [Theory]
    [InlineData("never", MapToGuest.Never)] [InlineData("Bad User", MapToGuest.BadUser)] [InlineData("bad  password", MapToGuest.BadPassword)]
    public void MapToGuestSpellings(string text, MapToGuest expected)
    {
        Assert.Equal(expected, TestConfig.Clean($"map to guest = {text}\n").MapToGuest);
    }

    [Theory]
    [InlineData("off", SmbEncrypt.Off)] [InlineData("if_required", SmbEncrypt.IfRequired)] [InlineData("desired", SmbEncrypt.Desired)]
    [InlineData("required", SmbEncrypt.Required)] [InlineData("mandatory", SmbEncrypt.Required)] [InlineData("auto", SmbEncrypt.IfRequired)]
    public void EncryptSpellings(string text, SmbEncrypt expected)
    {
        Assert.Equal(expected, TestConfig.Clean($"server smb encrypt = {text}\n").ServerSmbEncrypt);
    }

    [Fact]
    public void AlgorithmListsKeepOrder()
    {
        var config = TestConfig.Clean("server smb3 encryption algorithms = aes-256-gcm AES-128-CCM\nserver smb3 signing algorithms = HMAC-SHA256, AES-128-CMAC\n");
        Assert.Equal([Smb3EncryptionAlgorithm.Aes256Gcm, Smb3EncryptionAlgorithm.Aes128Ccm], config.EncryptionAlgorithms);
        Assert.Equal([Smb3SigningAlgorithm.HmacSha256, Smb3SigningAlgorithm.AesCmac], config.SigningAlgorithms);
    }

    [Fact]
    public void DuplicateListEntriesAreWarnings()
    {
        var result = TestConfig.Load("smb ports = 445 4455 445\n");
        Assert.Empty(result.Errors);
        Assert.Contains("more than once", Assert.Single(result.Warnings).Message);
        Assert.Equal([445, 4455], result.Config.SmbPorts);
    }

    [Fact]
    public void PrintersIsIgnoredWithAWarning()
    {
        var result = TestConfig.Load("[printers]\npath = /var/spool\nprintable = yes\nbogus = 1\n[s]\npath = /s\n");
        Assert.Empty(result.Errors);
        var w = Assert.Single(result.Warnings); // the parameters inside it are not reported one by one
        Assert.Equal(1, w.Line);
        Assert.Contains("[printers] is ignored", w.Message);
        Assert.Single(result.Config.Shares);
    }

    [Fact]
    public void HomesIsATemplateNotAShare()
    {
        var config = TestConfig.Clean("[homes]\nread only = no\nvalid users = %S\nbrowseable = no\n");
        Assert.Empty(config.Shares);
        var homes = Assert.IsType<ShareConfig>(config.Homes);
        Assert.Equal(ShareKind.Homes, homes.Kind);
        Assert.Null(config.FindShare("homes"));

        var alice = homes.ForHomeUser("alice", "/home/alice");
        Assert.Equal("alice", alice.Name);
        Assert.Equal("/home/alice", alice.Path);
        Assert.False(alice.ReadOnly);
        Assert.True(alice.IsUserAllowed("ALICE", new FakeGroups()));
        Assert.False(alice.IsUserAllowed("bob", new FakeGroups()));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void HomeShareNamesThatCouldEscapeAreRefused(string user)
    {
        var homes = TestConfig.Clean("[homes]\npath = /srv/homes/%U\n").Homes!;
        Assert.Throws<ArgumentException>(() => homes.ForHomeUser(user, "/home/x"));
    }

    [Fact]
    public void HomesPathSubstitutions()
    {
        var config = TestConfig.Clean("[homes]\npath = /srv/homes/%U\n");
        Assert.Equal("/srv/homes/bob", config.Homes!.ForHomeUser("bob", "/home/bob").Path);
    }

    [Fact]
    public void PercentInOrdinaryPathIsAWarning()
    {
        var result = TestConfig.Load("[s]\npath = /srv/%U\n");
        Assert.Contains("only made in [homes]", Assert.Single(result.Warnings).Message);
    }

    [Fact]
    public void IpcSectionCarriesSettingsWithoutPath()
    {
        var config = TestConfig.Clean("[IPC$]\nhosts allow = 127.0.0.1\n");
        Assert.Empty(config.Shares);
        Assert.Equal("127.0.0.1", config.Ipc!.HostsAccess.Allow.ToString());
    }

    [Fact]
    public void ShareWithoutPathIsAnErrorAtItsHeader()
    {
        var result = TestConfig.Load("[global]\n\n[nopath]\ncomment = x\n");
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("[nopath] has no path", error.Message);
    }

    [Fact]
    public void GlobalPathIsEveryShareDefault()
    {
        var config = TestConfig.Clean("path = /srv/default\n[s]\ncomment = c\n");
        Assert.Equal("/srv/default", config.FindShare("s")!.Path);
    }

    [Fact]
    public void RepeatedSectionsMerge()
    {
        var config = TestConfig.Clean("[S]\npath = /one\ncomment = first\n[global]\nworkgroup = W\n[s]\npath = /two\n");
        var share = Assert.Single(config.Shares);
        Assert.Equal("S", share.Name);
        Assert.Equal("/two", share.Path);
        Assert.Equal("first", share.Comment);
        Assert.Equal("W", config.Workgroup);
    }

    [Fact]
    public void LaterValueWinsWithinASection()
    {
        var config = TestConfig.Clean("workgroup = A\nworkgroup = B\n");
        Assert.Equal("B", config.Workgroup);
    }

    [Fact]
    public void SharesKeepFileOrderAndLookupIgnoresCase()
    {
        var config = TestConfig.Clean("[zeta]\npath = /z\n[Alpha]\npath = /a\n");
        Assert.Equal(["zeta", "Alpha"], config.Shares.Select(s => s.Name));
        Assert.Same(config.Shares[1], config.FindShare("ALPHA"));
        Assert.Equal(3, config.Shares[1].SourceLine);
    }

    [Theory]
    [InlineData("[a/b]\npath=/x\n")]
    [InlineData("[what?]\npath=/x\n")]
    public void ShareNamesClientsCannotUseAreErrors(string text)
    {
        Assert.Contains("clients cannot use", Assert.Single(TestConfig.Load(text).Errors).Message);
    }

    [Fact]
    public void TooLongShareNameIsAnError()
    {
        var result = TestConfig.Load($"[{new string('s', 81)}]\npath = /x\n");
        Assert.Contains("longer than 80", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void UnsupportedHostNamesAreWarnings()
    {
        var result = TestConfig.Load("[s]\npath = /s\nhosts allow = 10.0.0.1 fileserver.lan .example.com @netgroup\n");
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Warnings.Count);
        Assert.All(result.Warnings, w => Assert.Equal(3, w.Line));
        Assert.All(result.Warnings, w => Assert.Contains("never matches", w.Message));
    }

    [Fact]
    public void GuestOnlyWithoutGuestOkIsAWarning()
    {
        var result = TestConfig.Load("[s]\npath = /s\nguest only = yes\n");
        Assert.Contains("guest only", Assert.Single(result.Warnings).Message);
    }

    [Fact]
    public void LogLevelMapsToLoggingLevels()
    {
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, TestConfig.Clean("log level = 0").MinimumLogLevel);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, TestConfig.Clean("log level = 2").MinimumLogLevel);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, TestConfig.Clean("log level = 3").MinimumLogLevel);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Trace, TestConfig.Clean("log level = 10").MinimumLogLevel);
    }

    [Fact]
    public void DeadtimeIsMinutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), TestConfig.Clean("deadtime = 15").Deadtime);
    }

    [Fact]
    public void MasksApplyToNewModes()
    {
        var share = TestConfig.Clean("[s]\npath = /s\ncreate mask = 0640\nforce create mode = 0004\ndirectory mask = 0750\nforce directory mode = 02000\n").FindShare("s")!;
        Assert.Equal(Convert.ToInt32("644", 8), share.NewFileMode(Convert.ToInt32("666", 8)));
        Assert.Equal(Convert.ToInt32("2750", 8), share.NewDirectoryMode(Convert.ToInt32("777", 8)));
    }

    internal sealed class FakeGroups : SmbServer.Users.IUnixGroupLookup
    {
        public Dictionary<string, string[]> Members { get; } = [];

        public bool IsMember(string userName, string groupName) =>
            Members.TryGetValue(groupName, out var m) && m.Contains(userName, StringComparer.OrdinalIgnoreCase);
    }
}
