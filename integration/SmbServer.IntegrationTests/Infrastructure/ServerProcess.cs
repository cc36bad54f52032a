using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>
/// One SMB server process on a free loopback port, with its own temp dir holding smb.conf,
/// smbpasswd and the share directories. By default it is our server
/// (`dotnet src/SmbServer/bin/CONFIG/net10.0/smbserver.dll --config DIR/smb.conf`); with
/// SMBSERVER_TEST_TARGET=samba it is Samba's smbd on the very same smb.conf, started by
/// bench/samba-reference.sh.
///
/// Start waits until the port accepts TCP (20 s at most); stop sends SIGTERM and requires our
/// server to exit with code 0 within 10 s. Failures carry the server's captured output.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly OutputLog _output = new();
    private Process? _process;     // our server
    private int _sambaPid;         // smbd, which the script detaches
    private bool _stopped;
    private bool _failed;

    private ServerProcess(TestTarget target, string directory, int port)
    {
        Target = target;
        Directory = directory;
        Port = port;
    }

    public TestTarget Target { get; }

    /// <summary>The temp dir: smb.conf, smbpasswd, shares/NAME.</summary>
    public string Directory { get; }

    public int Port { get; }

    public string Host => "127.0.0.1";

    public string ConfigPath => Path.Combine(Directory, "smb.conf");

    public string SharePath(string share) => Path.Combine(Directory, "shares", share);

    /// <summary>`//127.0.0.1/share` as smbclient and smbtorture want it.</summary>
    public string Unc(string share) => $"//{Host}/{share}";

    public static async Task<ServerProcess> StartAsync(ServerSetup setup, TestTarget? target = null)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("smbserver-it-").FullName;
        // Guest (nobody) and the second user must reach the shares when smbd serves them.
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        var server = new ServerProcess(target ?? TestTargets.Current, dir, FreePort.Pick());
        try
        {
            server.WriteConfiguration(setup);
            if (server.Target == TestTarget.Samba)
                server.StartSamba();
            else
                server.StartOurs();
            await server.WaitUntilAcceptingAsync();
            return server;
        }
        catch
        {
            server._failed = true;
            await server.DisposeAsync();
            throw;
        }
    }

    private void WriteConfiguration(ServerSetup setup)
    {
        var sharesDir = Path.Combine(Directory, "shares");
        foreach (var share in setup.Shares)
        {
            var path = SharePath(share.Name);
            System.IO.Directory.CreateDirectory(path);
            File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
        }
        File.SetUnixFileMode(System.IO.Directory.CreateDirectory(sharesDir).FullName, (UnixFileMode)0b111_101_101);
        var passwd = Path.Combine(Directory, "smbpasswd");
        File.WriteAllText(passwd, setup.RenderSmbPasswd());
        File.SetUnixFileMode(passwd, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(ConfigPath, setup.RenderSmbConf(Port, passwd, SharePath));
    }

    private void StartOurs()
    {
        var dll = RepoPaths.ServerDll;
        if (!File.Exists(dll))
            Assert.Fail($"The server is not built: {dll} is missing. Run `dotnet build SmbServer.sln -c {RepoPaths.Configuration}` (scripts/test.sh does).");

        var psi = new ProcessStartInfo(DotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--config");
        psi.ArgumentList.Add(ConfigPath);
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => _output.Append("stdout", e.Data);
        process.ErrorDataReceived += (_, e) => _output.Append("stderr", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private void StartSamba()
    {
        var result = ProcessRunner.Run("bash",
            [RepoPaths.SambaReferenceScript, "start", Port.ToString(), Directory], StartTimeout + TimeSpan.FromSeconds(5));
        _output.Append("samba-reference.sh", result.Stdout + result.Stderr);
        if (result.ExitCode != 0)
            Assert.Fail($"Samba's smbd did not start (SMBSERVER_TEST_TARGET=samba):\n{result.Describe()}");
        var pidField = result.Stdout.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(f => f.StartsWith("pid=", StringComparison.Ordinal));
        _sambaPid = pidField is not null && int.TryParse(pidField.AsSpan(4), out var pid) ? pid : 0;
    }

    private bool IsAlive => Target == TestTarget.Samba
        ? _sambaPid > 0 && System.IO.Directory.Exists($"/proc/{_sambaPid}")
        : _process is { HasExited: false };

    private async Task WaitUntilAcceptingAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (!IsAlive)
            {
                if (_process is not null)
                    await _process.WaitForExitAsync();   // collect the last output lines
                Assert.Fail($"The server exited before accepting connections{ExitCodeText}.\n{Describe()}");
            }
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), attempt.Token);
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                await Task.Delay(100);
            }
        }
        Assert.Fail($"The server did not accept TCP connections on {Host}:{Port} within {StartTimeout.TotalSeconds} s.\n{Describe()}");
    }

    private string ExitCodeText => _process is { HasExited: true } p ? $" (exit code {p.ExitCode})" : "";

    /// <summary>
    /// SIGTERM, then wait: our server must exit with code 0 within 10 s (a service manager's
    /// stop). smbd is stopped by the reference script, which reports failure if it had to kill.
    /// </summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        if (Target == TestTarget.Samba)
        {
            var result = ProcessRunner.Run("bash", [RepoPaths.SambaReferenceScript, "stop", Directory], StopTimeout + TimeSpan.FromSeconds(5));
            if (result.ExitCode != 0)
            {
                _failed = true;
                Assert.Fail($"smbd did not stop on SIGTERM.\n{result.Describe()}\n{Describe()}");
            }
            return;
        }

        var process = _process!;
        if (process.HasExited)
        {
            _failed = true;
            Assert.Fail($"The server had already exited{ExitCodeText} before it was asked to stop.\n{Describe()}");
        }
        PosixSignal.Send(process.Id, PosixSignal.SigTerm);
        using var deadline = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _failed = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"The server did not exit within {StopTimeout.TotalSeconds} s of SIGTERM (killed).\n{Describe()}");
        }
        if (process.ExitCode != 0)
        {
            _failed = true;
            Assert.Fail($"The server exited with code {process.ExitCode} on SIGTERM; expected 0.\n{Describe()}");
        }
    }

    /// <summary>The target, address, config and the server's output so far, for failure messages.</summary>
    public string Describe()
    {
        var output = Target == TestTarget.Samba ? SambaOutput() : _output.Tail();
        return $"server: {Target} on {Host}:{Port}, config {ConfigPath}\n--- server output ---\n{output.TrimEnd()}\n--- end of server output ---";
    }

    private string SambaOutput()
    {
        var log = Path.Combine(Directory, ".smbd", "smbd.out");
        var text = _output.Tail() + (File.Exists(log) ? File.ReadAllText(log) : "(no smbd.out)");
        return text.Length <= 8000 ? text : "...\n" + text[^8000..];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_stopped && (_process is not null || _sambaPid > 0))
            {
                if (_failed)
                    Kill();
                else
                    await StopAsync();
            }
        }
        finally
        {
            if (_process is { HasExited: false })
                _process.Kill(entireProcessTree: true);
            _process?.Dispose();
            // Keep the evidence of a failed start or stop, and on request.
            if (!_failed && Environment.GetEnvironmentVariable("SMBSERVER_TEST_KEEP") != "1")
            {
                try { System.IO.Directory.Delete(Directory, recursive: true); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }

    private void Kill()
    {
        _stopped = true;
        if (Target == TestTarget.Samba)
            ProcessRunner.Run("bash", [RepoPaths.SambaReferenceScript, "stop", Directory], StopTimeout + TimeSpan.FromSeconds(5));
        else if (_process is { HasExited: false })
            _process.Kill(entireProcessTree: true);
    }

    /// <summary>The dotnet host running these tests (`dotnet test` sets DOTNET_HOST_PATH).</summary>
    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";
}
