using System.Text;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Clients;

/// <summary>One smbtorture run of one suite: the per-test outcomes and the raw process result.</summary>
public sealed record TortureResult(string Suite, IReadOnlyList<TortureTest> Tests, ProcessResult Process)
{
    public int Count(TortureOutcome outcome) => Tests.Count(t => t.Outcome == outcome);

    public int Passed => Count(TortureOutcome.Success);

    /// <summary>Failures, errors and unexpected successes: everything that is not as expected.</summary>
    public IEnumerable<TortureTest> Problems =>
        Tests.Where(t => t.Outcome is TortureOutcome.Failure or TortureOutcome.Error or TortureOutcome.Uxsuccess);

    /// <summary>smbtorture prints this (and exits 0) for a suite name it does not have.</summary>
    public bool UnknownSuite => Process.Stdout.Contains("Unknown torture operation", StringComparison.Ordinal) ||
                                Process.Stderr.Contains("Unknown torture operation", StringComparison.Ordinal);

    public string Summary =>
        $"{Suite}: {Passed} passed, {Count(TortureOutcome.Failure)} failed, {Count(TortureOutcome.Error)} errors, " +
        $"{Count(TortureOutcome.Skip)} skipped, {Count(TortureOutcome.Xfail)} xfail, {Count(TortureOutcome.Uxsuccess)} uxsuccess " +
        $"in {Process.Elapsed.TotalSeconds:F1} s";

    /// <summary>The summary, each problem with its details, and the raw output when nothing parsed.</summary>
    public string Describe()
    {
        var text = new StringBuilder(Summary).AppendLine();
        foreach (var test in Problems)
            text.AppendLine($"  {test.Outcome.ToString().ToLowerInvariant()}: {test.Name}\n    {test.Details.Replace("\n", "\n    ")}");
        if (Tests.Count == 0 || Process.TimedOut)
            text.AppendLine(Process.Describe());
        return text.ToString();
    }
}
