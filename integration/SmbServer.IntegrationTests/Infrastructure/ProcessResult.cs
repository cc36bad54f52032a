namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>What a finished (or timed-out) child process left behind.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, bool TimedOut)
{
    /// <summary>Both streams: smbclient writes its `-d` debug lines to stderr, its results to stdout.</summary>
    public string Output => Stdout + "\n" + Stderr;

    /// <summary>Everything a failure message needs to be diagnosed without rerunning.</summary>
    public string Describe() =>
        $"$ {CommandLine}\nexit code: {(TimedOut ? "timed out" : ExitCode.ToString())} after {Elapsed.TotalSeconds:F1} s\n" +
        $"--- stdout ---\n{Stdout.TrimEnd()}\n--- stderr ---\n{Stderr.TrimEnd()}";
}
