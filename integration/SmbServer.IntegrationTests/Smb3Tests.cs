using System.Text.RegularExpressions;
using SmbServer.IntegrationTests.Clients;
using SmbServer.IntegrationTests.Fixtures;
using SmbServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SmbServer.IntegrationTests;

/// <summary>
/// What smbclient (Samba 4.17) prints about SMB3 at `-d 5` and `-d 10`, and how the tests read it:
/// <list type="bullet">
/// <item>" negotiated dialect[SMB3_11] against server[...]" (-d 5) after NEGOTIATE;</item>
/// <item>" session setup ok", then " tconx ok" after the TREE_CONNECT;</item>
/// <item>"signed SMB2 message (sign_algo_id=N)" (-d 5) for every request it signs, N being the
///   SMB2_SIGNING_CAPABILITIES id (0 HMAC-SHA256, 1 AES-CMAC, 2 AES-GMAC, MS-SMB2 2.2.3.1.7);</item>
/// <item>"Encrypted SMB2 message" / "Decrypted SMB2 message" (-d 10) for every request it wraps in
///   an SMB2 TRANSFORM and every TRANSFORM response it decrypts (MS-SMB2 3.1.4.3).</item>
/// </list>
/// A client that must encrypt or sign also refuses a response that is not encrypted, or not signed
/// with the right key and algorithm, so its success proves the server's side too.
/// </summary>
internal static partial class Smb3Evidence
{
    public const string SessionSetupLine = " session setup ok";
    public const string TreeConnectedLine = " tconx ok";
    public const string EncryptedLine = "Encrypted SMB2 message";
    public const string DecryptedLine = "Decrypted SMB2 message";

    /// <summary>The dialect smbclient says it negotiated ("SMB3_11"), or null.</summary>
    public static string? NegotiatedDialect(string output) =>
        DialectPattern().Match(output) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>How often <paramref name="line"/> occurs after the first <paramref name="marker"/> (-1 if there is none).</summary>
    public static int CountAfter(string output, string marker, string line, string? until = null)
    {
        var at = output.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
            return -1;
        var end = until is null ? -1 : output.IndexOf(until, at + marker.Length, StringComparison.Ordinal);
        var text = end < 0 ? output[at..] : output[at..end];
        return Regex.Count(text, Regex.Escape(line));
    }

    /// <summary>The sign_algo_id of every request smbclient signed after the tree connect.</summary>
    public static IReadOnlyList<int> SigningAlgorithmsAfterTreeConnect(string output)
    {
        var at = output.IndexOf(TreeConnectedLine, StringComparison.Ordinal);
        return at < 0 ? [] : SignAlgoPattern().Matches(output[at..]).Select(m => int.Parse(m.Groups[1].Value)).ToList();
    }

    [GeneratedRegex(@"negotiated dialect\[(\w+)\]")]
    private static partial Regex DialectPattern();

    [GeneratedRegex(@"signed SMB2 message \(sign_algo_id=(\d+)\)")]
    private static partial Regex SignAlgoPattern();
}

/// <summary>
/// A file of deterministic bytes put to a share and got back in one smbclient run; the copy on the
/// server's disk and the one got back must both have the source's SHA-256.
/// </summary>
internal sealed class Smb3RoundTrip : IDisposable
{
    private readonly string _localDir = Directory.CreateTempSubdirectory("smbserver-it-rt-").FullName;
    private readonly string _serverFile;

    private Smb3RoundTrip(ServerProcess server, string share, string remoteName)
    {
        RemoteName = remoteName;
        _serverFile = Path.Combine(server.SharePath(share), remoteName);
    }

    public string RemoteName { get; }
    public string SourceHash { get; private set; } = "";
    public string ReturnedHash { get; private set; } = "";
    public string ServerHash { get; private set; } = "";
    public ProcessResult Result { get; private set; } = null!;

    public bool IsByteIdentical => SourceHash.Length > 0 && ReturnedHash == SourceHash && ServerHash == SourceHash;

    public static Smb3RoundTrip Run(ServerProcess server, string share, long length, ulong seed, string[] options, TimeSpan timeout)
    {
        var trip = new Smb3RoundTrip(server, share, $"rt-{seed:x}.bin");
        var source = Path.Combine(trip._localDir, "source.bin");
        var returned = Path.Combine(trip._localDir, "returned.bin");
        trip.SourceHash = DeterministicFile.Write(source, length, seed);
        trip.Result = SmbClient.Run(["-p", server.Port.ToString(), server.Unc(share), "-U", TestUsers.Alice.Credentials,
            .. options, "-c", $"put {source} {trip.RemoteName}; get {trip.RemoteName} {returned}"], timeout);
        trip.ReturnedHash = DeterministicFile.Sha256(returned);
        trip.ServerHash = DeterministicFile.Sha256(trip._serverFile);
        return trip;
    }

    public string Describe() =>
        $"round trip of {RemoteName}: source {SourceHash}, on the server {ServerHash}, got back {ReturnedHash}\n{Result.Describe()}";

    public void Dispose()
    {
        try { Directory.Delete(_localDir, recursive: true); } catch (IOException) { }
        try { File.Delete(_serverFile); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>SMB 3.0, 3.0.2 and 3.1.1 each carry a 256 MiB file there and back unchanged.</summary>
public sealed class Smb3DialectTests(Smb3ServerFixture fixture, ITestOutputHelper output) : IClassFixture<Smb3ServerFixture>
{
    private const long Length = 256L << 20;
    private readonly ServerProcess _server = fixture.Server;

    [Theory]
    [InlineData("SMB3_00", 0x300UL)]
    [InlineData("SMB3_02", 0x302UL)]
    [InlineData("SMB3_11", 0x311UL)]
    public void LargeFileRoundTripsByteIdentical(string dialect, ulong seed)
    {
        using var trip = Smb3RoundTrip.Run(_server, "share", Length, seed, ["-m", dialect, "-d", "5"], TimeSpan.FromMinutes(3));
        output.WriteLine($"{dialect}: {Length >> 20} MiB put and got back in {trip.Result.Elapsed.TotalSeconds:F1} s");

        Expect.Success(trip.Result, _server);
        Assert.True(Smb3Evidence.NegotiatedDialect(trip.Result.Output) == dialect,
            $"expected smbclient to negotiate {dialect}\n{trip.Result.Describe()}\n{_server.Describe()}");
        Assert.True(trip.IsByteIdentical, $"the file changed on the way\n{trip.Describe()}\n{_server.Describe()}");
    }
}

/// <summary>
/// SMB 3.1.1 encryption with each cipher of SMB2_ENCRYPTION_CAPABILITIES (MS-SMB2 2.2.3.1.2): the
/// client offers only one, so the server must select it; the transfer is byte-identical, smbclient
/// encrypted every request and decrypted every response after the session setup, and the wire
/// (a tshark capture) shows the cipher the server selected and nothing but TRANSFORM messages after
/// the session setup.
/// </summary>
public sealed class Smb3EncryptionTests(Smb3ServerFixture fixture, ITestOutputHelper output) : IClassFixture<Smb3ServerFixture>
{
    private const long Length = 16L << 20;
    private readonly ServerProcess _server = fixture.Server;

    /// <summary>smbclient's name for each cipher, and its CipherId as tshark prints it.</summary>
    public static readonly TheoryData<string, string> Ciphers = new()
    {
        { "AES-128-CCM", "0x0001" },
        { "AES-128-GCM", "0x0002" },
        { "AES-256-CCM", "0x0003" },
        { "AES-256-GCM", "0x0004" },
    };

    private static string[] EncryptWith(string cipher) =>
        ["-m", "SMB3_11", "--client-protection=encrypt", $"--option=client smb3 encryption algorithms={cipher}"];

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void EncryptedTransferIsByteIdentical(string cipher, string cipherId)
    {
        using var trip = Smb3RoundTrip.Run(_server, "share", Length, 0xE0C00UL + Convert.ToUInt64(cipherId, 16),
            [.. EncryptWith(cipher), "-d", "10"], TimeSpan.FromMinutes(2));
        var text = trip.Result.Output;
        output.WriteLine($"{cipher}: {Length >> 20} MiB put and got back encrypted in {trip.Result.Elapsed.TotalSeconds:F1} s");

        Expect.Success(trip.Result, _server);
        Assert.True(trip.IsByteIdentical, $"the file changed on the way\n{trip.Describe()}\n{_server.Describe()}");
        Assert.True(Smb3Evidence.NegotiatedDialect(text) == "SMB3_11", $"expected SMB3_11\n{trip.Result.Describe()}");
        // The requests after the session setup went out in TRANSFORMs and TRANSFORM responses came
        // back (that nothing went plain is the wire test's part).
        var encrypted = Smb3Evidence.CountAfter(text, Smb3Evidence.SessionSetupLine, Smb3Evidence.EncryptedLine);
        var decrypted = Smb3Evidence.CountAfter(text, Smb3Evidence.SessionSetupLine, Smb3Evidence.DecryptedLine);
        Assert.True(encrypted >= 6 && decrypted >= encrypted,
            $"expected smbclient to encrypt its requests and decrypt the responses after the session setup " +
            $"(encrypted {encrypted}, decrypted {decrypted})\n{trip.Result.Describe()}\n{_server.Describe()}");
    }

    [Fact]
    public void WireShowsSelectedCipherAndOnlyTransformMessagesAfterSessionSetup()
    {
        List<CapturedSmb2Frame> frames;
        using (var capture = PacketCapture.Start(_server.Port))
        {
            foreach (var cipher in Ciphers.Select(row => (string)row[0]))
            {
                var result = SmbClient.Run(_server, [_server.Unc("share"), "-U", TestUsers.Alice.Credentials, .. EncryptWith(cipher), "-c", "ls"]);
                Expect.Success(result, _server);
            }
            frames = capture.StopAndRead().ToList();
        }
        var table = string.Join('\n', frames);
        output.WriteLine(table);

        foreach (var cipherId in Ciphers.Select(row => (string)row[1]))
        {
            // The connection whose NEGOTIATE offered only this cipher.
            var stream = frames.FirstOrDefault(f => !f.FromServer && f.Carries(0) && f.CipherIds.SequenceEqual([cipherId]))?.Stream;
            Assert.True(stream is not null, $"no NEGOTIATE offering only cipher {cipherId} was captured\n{table}");
            var connection = frames.Where(f => f.Stream == stream).ToList();

            var negotiate = connection.FirstOrDefault(f => f.FromServer && f.Carries(0));
            Assert.True(negotiate is not null && negotiate.CipherIds.SequenceEqual([cipherId]),
                $"expected the NEGOTIATE response to select exactly cipher {cipherId}\n{table}");

            var setupDone = connection.FindLastIndex(f => f.FromServer && f.Carries(1) && f.Statuses.Contains("0x00000000"));
            Assert.True(setupDone >= 0, $"no successful SESSION_SETUP response on stream {stream}\n{table}");
            var after = connection.Skip(setupDone + 1).ToList();
            Assert.True(after.Count >= 6 && after.All(f => f.IsEncrypted) && after.Any(f => f.FromServer) && after.Any(f => !f.FromServer),
                $"expected only TRANSFORM messages, both ways, after the session setup on stream {stream}\n{table}");
        }
    }
}

/// <summary>SMB 3.1.1 signing with each algorithm of SMB2_SIGNING_CAPABILITIES (MS-SMB2 2.2.3.1.7).</summary>
public sealed class Smb3SigningTests(Smb3ServerFixture fixture) : IClassFixture<Smb3ServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    [Theory]
    [InlineData("AES-128-GMAC", 2)]
    [InlineData("AES-128-CMAC", 1)]
    [InlineData("HMAC-SHA256", 0)]
    public void SignedSessionUsesTheOfferedAlgorithm(string algorithm, int signAlgoId)
    {
        using var trip = Smb3RoundTrip.Run(_server, "share", 1L << 20, 0x5160UL + (ulong)signAlgoId,
            ["-m", "SMB3_11", "--client-protection=sign", $"--option=client smb3 signing algorithms={algorithm}", "-d", "5"],
            SmbClient.DefaultTimeout);

        Expect.Success(trip.Result, _server);
        Assert.True(trip.IsByteIdentical, $"the file changed on the way\n{trip.Describe()}\n{_server.Describe()}");
        var ids = Smb3Evidence.SigningAlgorithmsAfterTreeConnect(trip.Result.Output);
        Assert.True(ids.Count > 0 && ids.All(id => id == signAlgoId),
            $"expected every request after the tree connect signed with sign_algo_id={signAlgoId}, got [{string.Join(',', ids)}]\n" +
            $"{trip.Result.Describe()}\n{_server.Describe()}");
    }
}

/// <summary>
/// A share with `smb encrypt = required` (MS-SMB2 3.3.5.7): a 2.x session cannot encrypt and is
/// refused at TREE_CONNECT; an SMB3 session gets SMB2_SHAREFLAG_ENCRYPT_DATA, after which the
/// client MUST encrypt every request to that tree (MS-SMB2 3.2.5.5) even when it would not have
/// asked for encryption itself.
/// </summary>
public sealed class Smb3ShareEncryptionTests(Smb3ServerFixture fixture) : IClassFixture<Smb3ServerFixture>
{
    private const string Sealed = Smb3ServerFixture.SealedShare;
    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public void Smb2SessionIsRefusedAtTreeConnect()
    {
        var result = SmbClient.Run(_server, _server.Unc(Sealed), "-U", TestUsers.Alice.Credentials, "-m", "SMB2_10", "-c", "ls");

        Expect.FailsWith(result, _server, "NT_STATUS_ACCESS_DENIED");
        Assert.True(result.Output.Contains("tree connect failed: NT_STATUS_ACCESS_DENIED", StringComparison.Ordinal),
            $"expected the refusal at TREE_CONNECT (the session itself is allowed)\n{result.Describe()}\n{_server.Describe()}");
    }

    [Theory]
    [InlineData("SMB3_00", 0x5EA300UL)]
    [InlineData("SMB3_11", 0x5EA311UL)]
    public void Smb3ClientNotAskingForEncryptionIsMadeToEncrypt(string dialect, ulong seed)
    {
        using var trip = Smb3RoundTrip.Run(_server, Sealed, 1L << 20, seed,
            ["-m", dialect, "--client-protection=off", "-d", "10"], SmbClient.DefaultTimeout);

        Expect.Success(trip.Result, _server);
        Assert.True(trip.IsByteIdentical, $"the file changed on the way\n{trip.Describe()}\n{_server.Describe()}");
        var encrypted = Smb3Evidence.CountAfter(trip.Result.Output, Smb3Evidence.TreeConnectedLine, Smb3Evidence.EncryptedLine);
        Assert.True(encrypted > 0, $"expected the requests after the tree connect to be encrypted\n{trip.Result.Describe()}\n{_server.Describe()}");
    }

    [Fact]
    public void EncryptingClientIsServed()
    {
        using var trip = Smb3RoundTrip.Run(_server, Sealed, 1L << 20, 0x5EA2UL,
            ["--client-protection=encrypt", "-d", "10"], SmbClient.DefaultTimeout);

        Expect.Success(trip.Result, _server);
        Assert.True(trip.IsByteIdentical, $"the file changed on the way\n{trip.Describe()}\n{_server.Describe()}");
        Assert.True(Smb3Evidence.CountAfter(trip.Result.Output, Smb3Evidence.TreeConnectedLine, Smb3Evidence.EncryptedLine) > 0,
            $"expected encrypted requests\n{trip.Result.Describe()}");
    }

    [Fact]
    public void ShareWithoutEncryptionStaysPlain()
    {
        // The control: the same client on the other share encrypts nothing, so the evidence above
        // comes from the share's policy and not from the client.
        var result = SmbClient.Run(_server, _server.Unc("share"), "-U", TestUsers.Alice.Credentials,
            "-m", "SMB3_11", "--client-protection=off", "-d", "10", "-c", "ls");

        Expect.Success(result, _server);
        Assert.True(Smb3Evidence.CountAfter(result.Output, Smb3Evidence.SessionSetupLine, Smb3Evidence.EncryptedLine) == 0,
            $"expected no encryption on a share that does not require it\n{result.Describe()}\n{_server.Describe()}");
    }
}

/// <summary>
/// `server smb encrypt = required` in [global] (MS-SMB2 3.3.5.5.3): a 2.x client is refused at
/// SESSION_SETUP; an SMB3 session gets SMB2_SESSION_FLAG_ENCRYPT_DATA and the client encrypts from
/// the TREE_CONNECT on (MS-SMB2 3.2.5.3.1), whatever it would have chosen itself.
/// </summary>
public sealed class Smb3GlobalEncryptionTests(GlobalEncryptionServerFixture fixture) : IClassFixture<GlobalEncryptionServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public void Smb2SessionIsRefusedAtSessionSetup()
    {
        var result = SmbClient.Run(_server, _server.Unc("share"), "-U", TestUsers.Alice.Credentials, "-m", "SMB2_10", "-c", "ls");

        Expect.FailsWith(result, _server, "NT_STATUS_ACCESS_DENIED");
        Assert.True(result.Output.Contains("session setup failed: NT_STATUS_ACCESS_DENIED", StringComparison.Ordinal),
            $"expected the refusal at SESSION_SETUP\n{result.Describe()}\n{_server.Describe()}");
    }

    [Theory]
    [InlineData("SMB3_00", 0x6E0300UL)]
    [InlineData("SMB3_02", 0x6E0302UL)]
    [InlineData("SMB3_11", 0x6E0311UL)]
    public void Smb3SessionIsEncryptedFromTheTreeConnectOn(string dialect, ulong seed)
    {
        using var trip = Smb3RoundTrip.Run(_server, "share", 1L << 20, seed,
            ["-m", dialect, "--client-protection=off", "-d", "10"], SmbClient.DefaultTimeout);

        Expect.Success(trip.Result, _server);
        Assert.True(Smb3Evidence.NegotiatedDialect(trip.Result.Output) == dialect, $"expected {dialect}\n{trip.Result.Describe()}");
        Assert.True(trip.IsByteIdentical, $"the file changed on the way\n{trip.Describe()}\n{_server.Describe()}");
        var treeConnect = Smb3Evidence.CountAfter(trip.Result.Output, Smb3Evidence.SessionSetupLine, Smb3Evidence.EncryptedLine,
            until: Smb3Evidence.TreeConnectedLine);
        Assert.True(treeConnect > 0, $"expected the TREE_CONNECT itself to be encrypted\n{trip.Result.Describe()}\n{_server.Describe()}");
    }
}

/// <summary>
/// smbtorture over its default dialect (3.1.1) in a session that requires signing. In Samba 4.17
/// `--client-protection=sign` does not make smbtorture's SMB2 sessions sign (only the 3.1.1
/// TREE_CONNECT is signed, which every 3.1.1 client does); `client signing = required` does, and
/// the client then rejects every response that is not correctly signed.
/// </summary>
public sealed class Smb3TortureTests(Smb3ServerFixture fixture, ITestOutputHelper output) : IClassFixture<Smb3ServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    [Theory]
    [InlineData("smb2.connect")]
    [InlineData("smb2.tcon")]
    public void SuitePassesWithSigningRequired(string suite)
    {
        var result = SmbTorture.Run(suite, _server, "share", TestUsers.Alice, null, "--option=clientsigning=required");
        output.WriteLine(result.Describe());

        Assert.False(result.UnknownSuite, $"this smbtorture has no suite {suite}\n{result.Process.Describe()}");
        Assert.True(result.Tests.Count > 0, $"smbtorture reported no test\n{result.Describe()}\n{_server.Describe()}");
        Assert.True(result.Tests.All(t => t.Outcome == TortureOutcome.Success),
            $"not every test passed\n{result.Describe()}\n{_server.Describe()}");
    }
}
