using System.Text.Json;
using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests;

/// <summary>
/// integration/conformance-baseline.json: for each smbtorture suite, the fewest passing tests
/// allowed. A count may only go up: raise it in the file when the server passes more.
/// </summary>
public sealed record ConformanceBaseline(IReadOnlyDictionary<string, int> MinimumPasses)
{
    public static ConformanceBaseline Load() => Load(File.ReadAllText(RepoPaths.ConformanceBaseline));

    public static ConformanceBaseline Load(string json)
    {
        using var document = JsonDocument.Parse(json);
        var minimum = document.RootElement.GetProperty("minimumPasses");
        return new ConformanceBaseline(minimum.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()));
    }
}
