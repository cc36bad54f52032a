namespace SmbServer.IntegrationTests.Clients;

/// <summary>
/// Reads the subunit v1 text smbtorture writes with --format=subunit:
///   test: NAME
///   success: NAME
///   failure: NAME [
///   details...
///   ]
/// Outcome keywords: success/successful, failure/fail, error, skip, xfail, uxsuccess. Other lines
/// (time:, the tests' own prints) are ignored. A test that started and never ended (the client
/// crashed or was killed) is reported as an error, so it cannot vanish from the counts.
/// </summary>
public static class SubunitParser
{
    public static IReadOnlyList<TortureTest> Parse(string text)
    {
        var results = new List<TortureTest>();
        var started = new List<string>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (TryKeyword(line, "test", out var startedName))
            {
                started.Add(startedName);
                continue;
            }
            if (!TryOutcome(line, out var outcome, out var rest))
                continue;

            var name = rest;
            var details = "";
            if (rest.EndsWith('['))
            {
                name = rest[..^1].TrimEnd();
                var detailLines = new List<string>();
                // The block ends at a line that is exactly "]"; an unterminated block runs to the end.
                for (i++; i < lines.Length && lines[i] != "]"; i++)
                    detailLines.Add(lines[i]);
                details = string.Join('\n', detailLines).Trim();
            }
            results.Add(new TortureTest(name, outcome, details));
            started.Remove(name);
        }
        foreach (var name in started)
            results.Add(new TortureTest(name, TortureOutcome.Error, "started but reported no outcome (smbtorture crashed or was stopped)"));
        return results;
    }

    private static bool TryOutcome(string line, out TortureOutcome outcome, out string name)
    {
        foreach (var (keyword, value) in Keywords)
        {
            if (TryKeyword(line, keyword, out name))
            {
                outcome = value;
                return true;
            }
        }
        outcome = default;
        name = "";
        return false;
    }

    private static readonly (string Keyword, TortureOutcome Outcome)[] Keywords =
    [
        ("success", TortureOutcome.Success), ("successful", TortureOutcome.Success),
        ("failure", TortureOutcome.Failure), ("fail", TortureOutcome.Failure),
        ("error", TortureOutcome.Error), ("skip", TortureOutcome.Skip),
        ("xfail", TortureOutcome.Xfail), ("uxsuccess", TortureOutcome.Uxsuccess),
    ];

    private static bool TryKeyword(string line, string keyword, out string rest)
    {
        // "keyword: name" (subunit v1 also allows "keyword name"; smbtorture writes the colon).
        if (line.Length > keyword.Length + 1 && line.StartsWith(keyword, StringComparison.Ordinal) &&
            line[keyword.Length] == ':')
        {
            rest = line[(keyword.Length + 1)..].Trim();
            return rest.Length > 0;
        }
        rest = "";
        return false;
    }
}
