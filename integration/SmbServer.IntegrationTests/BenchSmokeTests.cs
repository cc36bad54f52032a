using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests;

/// <summary>
/// Runs alone, after the parallel collections: the smoke bench starts both servers and loads
/// the machine's two cores for about 20 s, which must not slow other tests into their timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchSmokeCollection
{
    public const string Name = "bench smoke";
}

/// <summary>
/// bench/run.sh --smoke: every workload of the side-by-side bench once, at tiny sizes, against
/// the server built with this test assembly and Samba's smbd, so the bench cannot rot unseen.
/// Needs root, like every use of smbd here (bench/samba-reference.sh).
/// </summary>
[Collection(BenchSmokeCollection.Name)]
public sealed class BenchSmokeTests
{
    // Rows of the table that must carry a number for both servers and a ratio. The encrypted
    // transfers may be "n/a (not supported yet)" for ours (SMB 2.1 only, so far) and are not listed.
    private static readonly string[] MeasuredRows =
    [
        "| Sequential read 8 MiB, plain |",
        "| Sequential read 8 MiB, signed |",
        "| Sequential write 8 MiB, plain |",
        "| Sequential write 8 MiB, signed |",
        "| smb2.bench.echo ",
        "| smb2.bench.path-contention-shared ",
        "| List a directory of 100 files |",
        "| mput of 100 small files |",
        "| Memory per idle connection (20 open) |",
        "| Server CPU per GiB, read plain |",
        "| Server CPU per GiB, write plain |",
    ];

    [Fact]
    public void SmokeBenchRunsEveryWorkloadAgainstBothServers()
    {
        var script = Path.Combine(RepoPaths.Root, "bench", "run.sh");
        var docs = Path.Combine(RepoPaths.Root, "docs", "performance.md");
        var docsBefore = File.ReadAllText(docs);

        var result = ProcessRunner.Run("bash",
            [script, "--smoke", "--no-build", "--no-docs", "--server-dll", RepoPaths.ServerDll],
            TimeSpan.FromSeconds(180), RepoPaths.Root);

        Assert.True(result.ExitCode == 0, result.Describe());
        var rows = result.Stdout.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
        foreach (var prefix in MeasuredRows)
        {
            var row = rows.SingleOrDefault(r => r.StartsWith(prefix, StringComparison.Ordinal));
            Assert.True(row != null, $"no table row starting with '{prefix}'\n{result.Describe()}");
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            // cells: "", workload, unit, ours, samba, ratio, target, met, ""
            Assert.True(double.TryParse(cells[5], System.Globalization.CultureInfo.InvariantCulture, out var ratio) && ratio > 0,
                $"no ratio in: {row}\n{result.Describe()}");
        }
        Assert.DoesNotContain("| error |", result.Stdout);
        Assert.Equal(docsBefore, File.ReadAllText(docs));
    }
}
