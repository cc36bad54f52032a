using SmbServer.Configuration;

namespace SmbServer.Tests.Configuration;

public class ConfigCheckTests
{
    [Fact]
    public void DumpShowsOnlyNonDefaultValues()
    {
        var config = TestConfig.Clean("""
            [global]
            workgroup = HOME
            server signing = required
            read only = no
            log level = 0
            [data]
            path = /srv/data
            read only = no
            guest ok = yes
            browseable = yes
            """);
        var output = new StringWriter();
        ConfigDump.Write(config, output, verbose: false);
        Assert.Equal("""
            # Global parameters
            [global]
            	workgroup = HOME
            	server signing = mandatory
            	read only = No

            [data]
            	path = /srv/data
            	guest ok = Yes

            """.ReplaceLineEndings(), output.ToString().ReplaceLineEndings());
    }

    [Fact]
    public void VerboseDumpShowsEveryParameter()
    {
        var config = TestConfig.Clean("[data]\npath = /srv/data\n");
        var output = new StringWriter();
        ConfigDump.Write(config, output, verbose: true);
        var text = output.ToString();
        foreach (var p in SmbConfParameters.All)
            Assert.Contains($"\t{p.Name} =", text);
        Assert.Contains("\tnetbios name = TESTHOST", text);
        Assert.Contains("\tsmb passwd file = /state/smbpasswd", text);
        Assert.Contains("\tcreate mask = 0744", text);
        Assert.Contains("\tserver smb3 encryption algorithms = AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM", text);
        Assert.Contains("[data]", text);
    }

    [Fact]
    public void DumpedConfigurationLoadsBackToTheSameValues()
    {
        var config = TestConfig.Clean("""
            [global]
            interfaces = eth0 10.0.0.0/8
            hosts allow = 10. EXCEPT 10.0.0.1
            smb ports = 445 4455
            [s]
            path = /s
            valid users = alice @staff "Domain Users"
            veto files = /*.tmp/
            create mask = 0600
            """);
        var first = new StringWriter();
        ConfigDump.Write(config, first, verbose: true);
        var again = TestConfig.Clean(first.ToString());
        var second = new StringWriter();
        ConfigDump.Write(again, second, verbose: true);
        Assert.Equal(first.ToString(), second.ToString());
    }

    [Fact]
    public void CheckReportsFileLineMessagesAndExitCode()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("smb.conf", "[global]\nworkgroup = W\nbogus = 1\n[s]\npath = /s\nread only = perhaps\n");
        var output = new StringWriter();
        var err = new StringWriter();

        var code = ConfigCheck.Run(path, output, err, verbose: false, TestConfig.Options);

        Assert.Equal(1, code);
        var lines = err.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.Contains($"{path}:3: warning: unknown parameter 'bogus' (ignored)", lines);
        Assert.Contains(lines, l => l.StartsWith($"{path}:6: error: invalid value 'perhaps' for 'read only'", StringComparison.Ordinal));
        Assert.Contains("[s]", output.ToString());
    }

    [Fact]
    public void CheckOfAGoodFileExitsZero()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("smb.conf", "[s]\npath = /s\n");
        var output = new StringWriter();
        var err = new StringWriter();
        Assert.Equal(0, ConfigCheck.Run(path, output, err, verbose: false, TestConfig.Options));
        Assert.Contains("0 warning(s)", err.ToString());
        Assert.Contains("[s]\n\tpath = /s", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void CheckOfAMissingFileExitsOne()
    {
        using var dir = new TempDirectory();
        var output = new StringWriter();
        var err = new StringWriter();
        Assert.Equal(1, ConfigCheck.Run(dir.File("none.conf"), output, err, verbose: false));
        Assert.Contains(":0: error: cannot read the configuration file", err.ToString());
        Assert.Equal("", output.ToString());
    }
}
