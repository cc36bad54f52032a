using SmbServer.Configuration;

namespace SmbServer.Tests.Configuration;

/// <summary>A temporary directory, deleted at dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smbserver-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, text);
        return full;
    }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class TestConfig
{
    public static readonly ConfigLoadOptions Options = new()
    {
        HostName = "testhost.example.com",
        StateDirectory = "/state",
        Version = "1.2.3",
    };

    public static ConfigLoadResult Load(string text) => SmbConfLoader.LoadText(text, "/etc/smb.conf", Options);

    /// <summary>Loads text that must have no errors and no warnings.</summary>
    public static ServerConfig Clean(string text)
    {
        var result = Load(text);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        return result.Config;
    }
}
