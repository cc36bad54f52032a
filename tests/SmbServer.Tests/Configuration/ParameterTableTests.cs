using SmbServer.Configuration;
using SmbServer.Configuration.ParameterTypes;

namespace SmbServer.Tests.Configuration;

public class ParameterTableTests
{
    [Fact]
    public void EveryDefaultParsesAndRoundTrips()
    {
        foreach (var p in SmbConfParameters.All)
        {
            var value = p.DefaultValue(TestConfig.Options);
            var text = p.Type.FormatBoxed(value);
            Assert.True(p.Type.TryParseBoxed(text, out var again, out var error, []), $"{p.Name}: {error}");
            Assert.Equal(text, p.Type.FormatBoxed(again));
        }
    }

    [Fact]
    public void NamesAndSynonymsAreUniqueAndFindTheirParameter()
    {
        var seen = new HashSet<string>();
        foreach (var p in SmbConfParameters.All)
        {
            Assert.True(seen.Add(SmbConfParameters.NormalizeName(p.Name)), p.Name);
            Assert.True(SmbConfParameters.TryLookup(p.Name, out var found, out var inverted));
            Assert.Same(p, found);
            Assert.False(inverted);
            foreach (var s in p.Synonyms)
            {
                Assert.True(seen.Add(SmbConfParameters.NormalizeName(s.Name)), s.Name);
                Assert.True(SmbConfParameters.TryLookup(s.Name, out found, out inverted));
                Assert.Same(p, found);
                Assert.Equal(s.Inverted, inverted);
            }
        }
    }

    [Fact]
    public void EveryParameterIsDescribed()
    {
        Assert.All(SmbConfParameters.All, p => Assert.True(p.Description.Length > 20, p.Name));
    }

    [Fact]
    public void InvertedSynonymsOnlyOnBooleans()
    {
        foreach (var p in SmbConfParameters.All.Where(p => p.Synonyms.Any(s => s.Inverted)))
            Assert.IsType<BooleanType>(p.Type);
    }

    [Fact]
    public void NormalizeNameIgnoresCaseAndWhitespace()
    {
        Assert.Equal("readonly", SmbConfParameters.NormalizeName(" Read\tOnly "));
        Assert.False(SmbConfParameters.TryLookup("read_only", out _, out _));
    }

    [Fact]
    public void EveryParameterAppearsInTheDocumentation()
    {
        var docs = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "configuration.md"));
        foreach (var p in SmbConfParameters.All)
        {
            var heading = $"### {p.Name}\n";
            var at = docs.IndexOf(heading, StringComparison.Ordinal);
            Assert.True(at >= 0, $"docs/configuration.md has no '### {p.Name}' section");
            var next = docs.IndexOf("\n### ", at + heading.Length, StringComparison.Ordinal);
            var section = next < 0 ? docs[at..] : docs[at..next];
            Assert.Contains(p.Scope == ParameterScope.Global ? "Scope: global" : "Scope: share", section);
            if (p.DefaultDescription is not null)
                Assert.Contains($"Default: {p.DefaultDescription}", section);
            else if (p.DefaultText.Length == 0)
                Assert.Contains("Default: (empty)", section);
            else
                Assert.Contains($"Default: `{p.DefaultText}`", section);
            foreach (var s in p.Synonyms)
                Assert.Contains($"`{s.Name}`", section);
        }
    }

    [Fact]
    public void DocumentationNamesNoParameterThatDoesNotExist()
    {
        var docs = File.ReadAllLines(Path.Combine(RepoRoot(), "docs", "configuration.md"));
        var reference = docs.SkipWhile(l => l != "## Global parameters").ToList();
        Assert.NotEmpty(reference);
        foreach (var line in reference.Where(l => l.StartsWith("### ", StringComparison.Ordinal)))
            Assert.True(SmbConfParameters.TryLookup(line[4..], out _, out _), $"docs describe unknown parameter '{line[4..]}'");
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmbServer.sln")))
            dir = dir.Parent;
        Assert.NotNull(dir);
        return dir.FullName;
    }
}
