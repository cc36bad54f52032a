using System.Diagnostics;

namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>Runs a short-lived program to completion, with a deadline, capturing its output.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            psi.ArgumentList.Add(argument);
        var commandLine = string.Join(' ', psi.ArgumentList.Prepend(fileName).Select(Quote));

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(psi)
            ?? throw new InvalidOperationException($"could not start {commandLine}");
        // No program here may wait for a password on stdin: give it end-of-file at once.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        var timedOut = !process.WaitForExit(timeout);
        if (timedOut)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        // A grandchild that kept our pipes open must not hang the test: bound the drain.
        Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
        stopwatch.Stop();
        return new ProcessResult(commandLine, timedOut ? -1 : process.ExitCode,
            stdout.IsCompletedSuccessfully ? stdout.Result : "",
            stderr.IsCompletedSuccessfully ? stderr.Result : "",
            stopwatch.Elapsed, timedOut);
    }

    private static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./=:%@,+".Contains(c)) ? s : $"'{s.Replace("'", "'\\''")}'";
}
