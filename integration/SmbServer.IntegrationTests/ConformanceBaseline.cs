using System.Text.Json;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests;

/// <summary>
/// integration/conformance-baseline.json: for each smbtorture suite, the fewest passing tests
/// allowed. A count may only go up: raise it in the file when the server passes more.
/// <see cref="Exclude"/> names, per suite, the tests that are not run at all (each with its
/// reason in the file): tests that crash or hang smbtorture itself on the dialect our server
/// negotiates, so that the rest of the suite can be counted.
/// </summary>
public sealed record ConformanceBaseline(IReadOnlyDictionary<string, int> MinimumPasses,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Exclude)
{
    public static ConformanceBaseline Load() => Load(File.ReadAllText(RepoPaths.ConformanceBaseline));

    public static ConformanceBaseline Load(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var minimum = root.GetProperty("minimumPasses");
        var exclude = new Dictionary<string, IReadOnlyList<string>>();
        if (root.TryGetProperty("exclude", out var excluded))
        {
            foreach (var suite in excluded.EnumerateObject())
            {
                if (suite.Value.ValueKind != JsonValueKind.Object) continue; // "comment" and the like
                exclude[suite.Name] = suite.Value.EnumerateObject().Select(t => t.Name).ToList();
            }
        }
        return new ConformanceBaseline(minimum.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()), exclude);
    }

    /// <summary>
    /// What to pass smbtorture for <paramref name="suite"/>: the suite itself, or, when some of its
    /// tests are excluded, the names of the others (smbtorture runs every name it is given), taken
    /// from <paramref name="allTests"/> (`smbtorture --list`: suite.test.test lines).
    /// </summary>
    public IReadOnlyList<string> TestsToRun(string suite, IReadOnlyList<string> allTests)
    {
        if (!Exclude.TryGetValue(suite, out var excluded) || excluded.Count == 0) return [suite];
        var prefix = suite + ".";
        var tests = allTests.Where(t => t.StartsWith(prefix, StringComparison.Ordinal))
            .Select(t => t[prefix.Length..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var unknown = excluded.Except(tests, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"{suite} has no test(s) {string.Join(", ", unknown)} to exclude");
        return tests.Except(excluded, StringComparer.Ordinal).Select(t => prefix + t).ToList();
    }
}
