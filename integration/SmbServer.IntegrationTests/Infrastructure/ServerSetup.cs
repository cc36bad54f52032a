using System.Text;

namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>
/// The configuration a test server starts with, written as one smb.conf in Samba's syntax that
/// both our server and smbd read. The address, port, share paths and users file are filled in
/// by <see cref="ServerProcess"/>.
/// </summary>
public sealed class ServerSetup
{
    private readonly List<KeyValuePair<string, string>> _global = [];
    private readonly List<ShareDefinition> _shares = [];

    public IReadOnlyList<ShareDefinition> Shares => _shares;

    public List<TestUser> Users { get; } = [TestUsers.Alice, TestUsers.Bob];

    /// <summary>Adds a [global] parameter, e.g. ("server signing", "mandatory").</summary>
    public ServerSetup Global(string name, string value)
    {
        _global.Add(new(name, value));
        return this;
    }

    /// <summary>Adds a share; its directory is created under the server's temp dir.</summary>
    public ServerSetup Share(string name, params (string Name, string Value)[] parameters)
    {
        _shares.Add(new ShareDefinition(name, parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList()));
        return this;
    }

    public string RenderSmbConf(int port, string smbPasswdPath, Func<string, string> sharePath)
    {
        var conf = new StringBuilder();
        conf.AppendLine("[global]");
        conf.AppendLine($"  smb ports = {port}");
        conf.AppendLine("  interfaces = 127.0.0.1");
        conf.AppendLine($"  smb passwd file = {smbPasswdPath}");
        foreach (var (name, value) in _global)
            conf.AppendLine($"  {name} = {value}");
        foreach (var share in _shares)
        {
            conf.AppendLine();
            conf.AppendLine($"[{share.Name}]");
            conf.AppendLine($"  path = {sharePath(share.Name)}");
            foreach (var (name, value) in share.Parameters)
                conf.AppendLine($"  {name} = {value}");
        }
        return conf.ToString();
    }

    public string RenderSmbPasswd() => string.Concat(Users.Select(u => u.SmbPasswdLine + "\n"));
}
