using System.Text;

namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>A long-running process's stdout and stderr lines, collected as they arrive.</summary>
public sealed class OutputLog
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public void Append(string stream, string? line)
    {
        if (line is null)
            return;
        lock (_lock)
            _text.Append(stream).Append(": ").AppendLine(line);
    }

    /// <summary>The last <paramref name="maxChars"/> characters: enough to see why it failed.</summary>
    public string Tail(int maxChars = 8000)
    {
        lock (_lock)
        {
            return _text.Length <= maxChars
                ? _text.ToString()
                : "...\n" + _text.ToString(_text.Length - maxChars, maxChars);
        }
    }
}
