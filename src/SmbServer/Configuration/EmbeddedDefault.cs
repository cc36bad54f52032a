namespace SmbServer.Configuration;

/// <summary>
/// The configuration used when none is given: a guest-writable [public] share on 127.0.0.1:4455,
/// reachable only from this machine. The host creates the share's directory.
/// </summary>
public static class EmbeddedDefault
{
    public const string FileName = "(embedded default)";

    /// <summary>The smb.conf text, with the share under <paramref name="dataDir"/>/public.</summary>
    public static string Text(string dataDir)
    {
        if (dataDir.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("the data directory's name contains a line break", nameof(dataDir));
        var publicDir = Path.Combine(dataDir, "public");
        return $"""
            # SmbServer's embedded default configuration, used when no smb.conf is given.
            # It listens on 127.0.0.1:4455 only, so nothing outside this machine can reach it.
            [global]
            	workgroup = WORKGROUP
            	server string = SmbServer %v
            	interfaces = 127.0.0.1
            	bind interfaces only = yes
            	smb ports = 4455
            	map to guest = bad user

            [public]
            	path = {publicDir}
            	comment = Public files
            	read only = no
            	guest ok = yes

            """;
    }
}
