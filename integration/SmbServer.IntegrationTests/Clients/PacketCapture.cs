using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>
/// tshark capturing one server port on the loopback interface, read back afterwards as SMB2
/// (the port is decoded as NetBIOS session service, so tshark finds SMB2 on any port). It shows
/// what no client's debug output can: which cipher the server's NEGOTIATE response selected, and
/// that the bytes on the wire really were TRANSFORM messages. Capturing needs root or
/// CAP_NET_RAW (scripts/test.sh runs as root and installs Debian's 'tshark' package). Keep
/// captures short: tshark reassembles every TCP stream when it reads the file back.
///
/// tshark's "Capturing on" comes before packets are really kept, and packets still in the
/// kernel's ring when it is stopped can be lost. So both ends are fenced with a probe: an empty
/// TCP connection to the port, repeated until tshark prints it (-P prints every packet it keeps).
/// Everything sent after the first fence and before the last one is in the file.
/// </summary>
public sealed class PacketCapture : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private const int SigInt = 2; // tshark finishes the file and exits on SIGINT

    private readonly Process _process;
    private readonly OutputLog _output = new();
    private readonly TaskCompletionSource _capturing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _packetsSeen;
    private readonly string _directory;
    private readonly string _tshark;

    private PacketCapture(string tshark, int port, string directory)
    {
        _tshark = tshark;
        Port = port;
        _directory = directory;
        var psi = new ProcessStartInfo(tshark)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-i", "lo", "-f", $"tcp port {port}", "-l", "-P", "-w", FilePath])
            psi.ArgumentList.Add(argument);
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Interlocked.Increment(ref _packetsSeen);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            _output.Append("stderr", e.Data);
            // dumpcap has opened the interface and applied the filter: packets from now on are kept.
            if (e.Data?.Contains("Capturing on", StringComparison.Ordinal) == true)
                _capturing.TrySetResult();
        };
        _process.Exited += (_, _) => _capturing.TrySetResult();
        _process.EnableRaisingEvents = true;
    }

    public int Port { get; }

    public string FilePath => Path.Combine(_directory, "capture.pcapng");

    /// <summary>Starts capturing TCP port <paramref name="port"/> on lo; returns once packets are being kept.</summary>
    public static PacketCapture Start(int port)
    {
        var tshark = Peers.FindLocal("tshark");
        if (tshark is null)
            Assert.Fail("tshark not found: install the Debian package 'tshark' (apt-get install -y tshark; scripts/test.sh does this).");
        var directory = Directory.CreateTempSubdirectory("smbserver-capture-").FullName;
        var capture = new PacketCapture(tshark!, port, directory);
        capture._process.Start();
        capture._process.StandardInput.Close();
        capture._process.BeginOutputReadLine();
        capture._process.BeginErrorReadLine();
        if (!capture._capturing.Task.Wait(StartTimeout) || capture._process.HasExited || !capture.Fence())
        {
            var why = capture.Describe();
            capture.Dispose();
            Assert.Fail($"tshark did not start capturing on lo (it needs root or CAP_NET_RAW).\n{why}");
        }
        return capture;
    }

    /// <summary>Stops the capture and returns every segment that carried SMB2, in capture order.</summary>
    public IReadOnlyList<CapturedSmb2Frame> StopAndRead()
    {
        if (!Fence())
            Assert.Fail($"tshark stopped seeing packets on tcp port {Port}.\n{Describe()}");
        if (!_process.HasExited)
        {
            PosixSignal.Send(_process.Id, SigInt);
            if (!_process.WaitForExit(StopTimeout))
                Assert.Fail($"tshark did not stop on SIGINT within {StopTimeout.TotalSeconds} s.\n{Describe()}");
        }
        var read = ProcessRunner.Run(_tshark,
        [
            "-r", FilePath, "-d", $"tcp.port=={Port},nbss", "-Y", "smb2", "-T", "fields", "-E", "separator=|",
            "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "smb2.protocol_id", "-e", "smb2.cmd",
            "-e", "smb2.nt_status", "-e", "smb2.negotiate_context.cipher_id",
        ], TimeSpan.FromSeconds(120));
        if (read.ExitCode != 0)
            Assert.Fail($"tshark could not read the capture back.\n{read.Describe()}");
        return read.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseLine).ToList();
    }

    /// <summary>Opens and closes TCP connections to the port until tshark prints a new packet.</summary>
    private bool Fence()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout && !_process.HasExited)
        {
            var before = Volatile.Read(ref _packetsSeen);
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                try { probe.Connect(new IPEndPoint(IPAddress.Loopback, Port)); }
                catch (SocketException) { }
            }
            var wait = Stopwatch.StartNew();
            while (wait.ElapsedMilliseconds < 500)
            {
                if (Volatile.Read(ref _packetsSeen) > before)
                    return true;
                Thread.Sleep(10);
            }
        }
        return false;
    }

    private CapturedSmb2Frame ParseLine(string line)
    {
        var f = line.TrimEnd('\r').Split('|');
        if (f.Length < 6 || !int.TryParse(f[0], out var stream) || !int.TryParse(f[1], out var sourcePort))
            throw new InvalidDataException($"unexpected tshark line: {line}");
        static IReadOnlyList<string> List(string field) => field.Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new CapturedSmb2Frame(stream, sourcePort == Port, List(f[2]), List(f[3]), List(f[4]), List(f[5]));
    }

    public string Describe() => $"tshark capture of tcp port {Port} into {FilePath}\n--- tshark output ---\n{_output.Tail().TrimEnd()}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
