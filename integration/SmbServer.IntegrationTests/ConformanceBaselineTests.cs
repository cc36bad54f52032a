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
}
