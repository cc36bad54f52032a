using System.Diagnostics;
using System.Security.Cryptography;
using SmbServer.IntegrationTests.Clients;
using SmbServer.IntegrationTests.Fixtures;
using SmbServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SmbServer.IntegrationTests.Files;

/// <summary>
/// A 1 GiB file put and got back byte-identical: many multi-credit READs and WRITEs in flight at
/// once (smbclient pipelines them) and a file far larger than any buffer of the server.
/// </summary>
public sealed class LargeFileTests(FileServingServerFixture fixture, ITestOutputHelper output)
    : FileTestBase(fixture.Server), IClassFixture<FileServingServerFixture>
{
    private const long Size = 1L << 30;
    private const int Chunk = 1 << 20;

    /// <summary>Generous bound for one transfer on loopback (it takes a few seconds).</summary>
    private static readonly TimeSpan TransferLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Writes <see cref="Size"/> deterministic bytes, returning their SHA-256. Fast without an
    /// optimizing build: the first 1 MiB chunk is xorshift64 output, each next one is the previous
    /// encrypted with AES-128-ECB under a fixed key (the BCL's AES-NI path does the work), so every
    /// 16-byte block differs from every other and a misplaced chunk cannot go unnoticed.
    /// </summary>
    private static string Generate(string path, ulong seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var aes = Aes.Create();
        aes.Key = LocalTree.Bytes(16, seed);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
        var previous = LocalTree.Bytes(Chunk, seed + 1);
        var next = new byte[Chunk];
        for (long written = 0; written < Size; written += Chunk)
        {
            hash.AppendData(previous);
            file.Write(previous);
            aes.EncryptEcb(previous, next, PaddingMode.None);
            (previous, next) = (next, previous);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [Fact]
    public void OneGibibyteFileRoundTripsByteIdentical()
    {
        var share = FileServingServerFixture.UserShare;
        var login = SmbLogin.User(TestUsers.Alice);
        var clock = Stopwatch.StartNew();
        var expected = Generate(LocalPath("big.bin"), seed: 0x5EED);
        output.WriteLine($"generated 1 GiB in {clock.Elapsed.TotalSeconds:F1} s, SHA-256 {expected}");

        var put = FileClient.Run(Server, share, login, "put big.bin", Local, TransferLimit);
        output.WriteLine($"put: {put.Elapsed.TotalSeconds:F1} s ({Size / put.Elapsed.TotalSeconds / 1e6:F0} MB/s)");
        AssertClean(put);
        var onServer = OnServer(share, "big.bin");
        Assert.Equal(Size, new FileInfo(onServer).Length);
        Assert.Equal(expected, LocalTree.Sha256(onServer));

        // The local original goes first: 3 GiB of disk at once is more than a test should need.
        File.Delete(LocalPath("big.bin"));
        var get = FileClient.Run(Server, share, login, "get big.bin back.bin", Local, TransferLimit);
        output.WriteLine($"get: {get.Elapsed.TotalSeconds:F1} s ({Size / get.Elapsed.TotalSeconds / 1e6:F0} MB/s)");
        AssertClean(get);
        Assert.Equal(Size, new FileInfo(LocalPath("back.bin")).Length);
        Assert.Equal(expected, LocalTree.Sha256(LocalPath("back.bin")));
        File.Delete(LocalPath("back.bin"));

        var rm = FileClient.Run(Server, share, login, "rm big.bin", Local);
        AssertClean(rm);
        Assert.False(File.Exists(onServer), Context(rm));
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    }

    public override void Dispose()
    {
        // Never leave a gigabyte behind, whatever failed.
        try { File.Delete(OnServer(FileServingServerFixture.UserShare, "big.bin")); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        base.Dispose();
    }
}
