namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>One [share] section: its name and parameters other than `path` (the fixture sets it).</summary>
public sealed record ShareDefinition(string Name, IReadOnlyList<KeyValuePair<string, string>> Parameters);
