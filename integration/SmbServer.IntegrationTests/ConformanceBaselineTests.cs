namespace SmbServer.IntegrationTests;

public sealed class ConformanceBaselineTests
{
    [Fact]
    public void CheckedInBaselineNamesSuitesWithNonNegativeCounts()
    {
        var baseline = ConformanceBaseline.Load();

        Assert.Contains("smb2.connect", baseline.MinimumPasses.Keys);
        Assert.Contains("smb2.tcon", baseline.MinimumPasses.Keys);
        Assert.All(baseline.MinimumPasses, p => Assert.True(p.Value >= 0, $"{p.Key}: {p.Value}"));
    }

    [Fact]
    public void LoadsMinimumPassesAndIgnoresOtherKeys()
    {
        var baseline = ConformanceBaseline.Load("""{"comment": "x", "smbd": {"a": 9}, "minimumPasses": {"a": 1, "b": 0}}""");

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 0 }, baseline.MinimumPasses);
    }

    [Fact]
    public void LoadsExclusionsPerSuiteAndIgnoresTheirComments()
    {
        var baseline = ConformanceBaseline.Load(
            """{"minimumPasses": {"s": 1}, "exclude": {"comment": "why", "s": {"t2": "crashes the client"}}}""");

        Assert.Equal(["t2"], baseline.Exclude["s"]);
        Assert.False(baseline.Exclude.ContainsKey("comment"));
    }

    [Fact]
    public void ASuiteWithoutExclusionsRunsWhole()
    {
        var baseline = ConformanceBaseline.Load("""{"minimumPasses": {"s": 1}}""");

        Assert.Equal(["s"], baseline.TestsToRun("s", ["s.t1.t1", "s.t2.t2"]));
    }

    [Fact]
    public void ExcludedTestsAreLeftOutOfTheNamesToRun()
    {
        var baseline = ConformanceBaseline.Load("""{"minimumPasses": {"s": 1}, "exclude": {"s": {"t2": "hangs"}}}""");

        Assert.Equal(["s.t1", "s.t3"], baseline.TestsToRun("s", ["s.t1.t1", "s.t2.t2", "s.t3.t3", "sx.t4.t4", "other.t5"]));
    }

    [Fact]
    public void ExcludingATestTheSuiteDoesNotHaveIsAnError()
    {
        var baseline = ConformanceBaseline.Load("""{"minimumPasses": {"s": 1}, "exclude": {"s": {"typo": "x"}}}""");

        Assert.Throws<InvalidOperationException>(() => baseline.TestsToRun("s", ["s.t1.t1"]));
    }

    [Fact]
    public void CheckedInExclusionsBelongToBaselineSuites()
    {
        var baseline = ConformanceBaseline.Load();

        Assert.All(baseline.Exclude.Keys, suite => Assert.Contains(suite, baseline.MinimumPasses.Keys));
    }
}
