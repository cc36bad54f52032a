namespace SmbServer.IntegrationTests.Clients;

/// <summary>One smbtorture test and how it ended; Details is the bracketed text after the outcome.</summary>
public sealed record TortureTest(string Name, TortureOutcome Outcome, string Details);
