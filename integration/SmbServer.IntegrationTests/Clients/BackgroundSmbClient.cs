using System.Diagnostics;
using System.Text;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>
/// An smbclient left running (e.g. `notify DIR`, which waits for changes until it is killed),
/// its output collected line by line as it arrives. smbclient's stdout is a C stdio stream, block
/// buffered into a pipe, so it runs under `stdbuf -o0` (coreutils): every line reaches us at once.
/// Disposing kills it.
/// </summary>
public sealed class BackgroundSmbClient : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private readonly string _commandLine;

    private BackgroundSmbClient(Process process, string commandLine)
    {
        _process = process;
        _commandLine = commandLine;
    }

    public static BackgroundSmbClient Start(ServerProcess server, string share, SmbLogin login, string commands)
    {
        var smbclient = FileClient.Program;
        var stdbuf = Peers.FindLocal("stdbuf");
        if (stdbuf is null)
            Assert.Fail("stdbuf not found: it unbuffers smbclient's output (apt-get install -y coreutils).");
        var psi = new ProcessStartInfo(stdbuf!)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("-o0");
        psi.ArgumentList.Add(smbclient);
        foreach (var argument in FileClient.Arguments(server, share, login, commands))
            psi.ArgumentList.Add(argument);
        var process = new Process { StartInfo = psi };
        var client = new BackgroundSmbClient(process, string.Join(' ', psi.ArgumentList.Prepend(stdbuf!)));
        process.OutputDataReceived += (_, e) => client.Append("stdout", e.Data);
        process.ErrorDataReceived += (_, e) => client.Append("stderr", e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return client;
    }

    private void Append(string stream, string? line)
    {
        if (line is null)
            return;
        lock (_lock)
            _output.Append(stream).Append(": ").AppendLine(line);
    }

    public string Output
    {
        get
        {
            lock (_lock)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>For failure messages: the command, whether it still runs, what it printed.</summary>
    public string Describe() =>
        $"$ {_commandLine}\n{(HasExited ? $"exited with code {_process.ExitCode}" : "still running")}\n--- output ---\n{Output.TrimEnd()}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
