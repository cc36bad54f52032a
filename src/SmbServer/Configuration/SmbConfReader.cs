using System.Text;

namespace SmbServer.Configuration;

/// <summary>
/// The syntax of smb.conf, without meaning: turns files into a sequence of section headers and
/// `name = value` lines, each with its file and line.
/// <list type="bullet">
/// <item>Lines whose first non-blank character is `#` or `;` are comments (only whole lines:
///   `;` and `#` inside a value are part of it, as in Samba).</item>
/// <item>A line ending in `\` continues on the next line (the `\` is removed, the lines are
///   joined); the item reports the line it started on.</item>
/// <item>`[name]` starts a section; text after `]` is ignored.</item>
/// <item>`include = file` reads that file in place (relative paths are relative to the including
///   file's directory); the current section carries into and out of the included file. A file
///   that includes itself, directly or through others, is an error.</item>
/// </list>
/// </summary>
internal static class SmbConfReader
{
    private const int MaxIncludeDepth = 32;

    internal abstract record Item(string File, int Line);

    internal sealed record SectionItem(string File, int Line, string Name) : Item(File, Line);

    internal sealed record ParameterItem(string File, int Line, string Name, string Value) : Item(File, Line);

    /// <summary>Reads <paramref name="path"/> and its includes.</summary>
    public static void ReadFile(string path, List<Item> items, List<ConfigDiagnostic> errors, List<string> files)
    {
        var fullPath = Path.GetFullPath(path);
        if (!TryReadText(fullPath, out var text, out var problem))
        {
            errors.Add(new ConfigDiagnostic(path, 0, $"cannot read the configuration file: {problem}"));
            return;
        }
        files.Add(fullPath);
        Read(text, path, fullPath, [fullPath], items, errors, files);
    }

    /// <summary>
    /// Reads text that did not come from a file (the embedded default); <paramref name="fileName"/>
    /// names it in diagnostics and anchors relative includes.
    /// </summary>
    public static void ReadText(string text, string fileName, List<Item> items, List<ConfigDiagnostic> errors, List<string> files)
    {
        var fullPath = Path.GetFullPath(fileName);
        Read(text, fileName, fullPath, [fullPath], items, errors, files);
    }

    private static void Read(string text, string displayName, string fullPath, List<string> includeStack,
        List<Item> items, List<ConfigDiagnostic> errors, List<string> files)
    {
        var lines = text.Split('\n');
        var i = 0;
        while (i < lines.Length)
        {
            var startLine = i + 1;
            var line = StripCr(lines[i++]);
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
                continue;

            // Samba joins a line ending in '\' with the next one.
            if (trimmed.EndsWith('\\'))
            {
                var joined = new StringBuilder(trimmed[..^1]);
                while (i < lines.Length)
                {
                    var next = StripCr(lines[i++]);
                    if (!next.EndsWith('\\'))
                    {
                        joined.Append(next);
                        break;
                    }
                    joined.Append(next.AsSpan(0, next.Length - 1));
                }
                trimmed = joined.ToString();
            }

            if (trimmed[0] == '[')
            {
                var close = trimmed.IndexOf(']');
                if (close < 0)
                {
                    errors.Add(new ConfigDiagnostic(displayName, startLine, "section header without a closing ']'"));
                    continue;
                }
                var name = trimmed[1..close].Trim();
                if (name.Length == 0)
                {
                    errors.Add(new ConfigDiagnostic(displayName, startLine, "empty section name"));
                    continue;
                }
                items.Add(new SectionItem(displayName, startLine, name));
                continue;
            }

            var eq = trimmed.IndexOf('=');
            if (eq < 0)
            {
                errors.Add(new ConfigDiagnostic(displayName, startLine, $"expected 'name = value', found '{Shorten(trimmed)}'"));
                continue;
            }
            var paramName = trimmed[..eq].Trim();
            var value = trimmed[(eq + 1)..].Trim();
            if (paramName.Length == 0)
            {
                errors.Add(new ConfigDiagnostic(displayName, startLine, "missing parameter name before '='"));
                continue;
            }
            if (SmbConfParameters.NormalizeName(paramName) == "include")
            {
                Include(value, displayName, startLine, fullPath, includeStack, items, errors, files);
                continue;
            }
            items.Add(new ParameterItem(displayName, startLine, paramName, value));
        }
    }

    private static void Include(string value, string displayName, int line, string fullPath, List<string> includeStack,
        List<Item> items, List<ConfigDiagnostic> errors, List<string> files)
    {
        if (value.Length == 0)
        {
            errors.Add(new ConfigDiagnostic(displayName, line, "include needs a file name"));
            return;
        }
        var baseDir = Path.GetDirectoryName(fullPath) ?? "/";
        var target = Path.GetFullPath(Path.IsPathRooted(value) ? value : Path.Combine(baseDir, value));
        if (includeStack.Count >= MaxIncludeDepth)
        {
            errors.Add(new ConfigDiagnostic(displayName, line, $"includes nested deeper than {MaxIncludeDepth} files"));
            return;
        }
        if (includeStack.Contains(target, StringComparer.Ordinal))
        {
            var cycle = string.Join(" -> ", includeStack.SkipWhile(p => p != target).Append(target));
            errors.Add(new ConfigDiagnostic(displayName, line, $"include cycle: {cycle}"));
            return;
        }
        if (!TryReadText(target, out var text, out var problem))
        {
            errors.Add(new ConfigDiagnostic(displayName, line, $"cannot read include file '{target}': {problem}"));
            return;
        }
        files.Add(target);
        includeStack.Add(target);
        Read(text, target, target, includeStack, items, errors, files);
        includeStack.RemoveAt(includeStack.Count - 1);
    }

    private static bool TryReadText(string path, out string text, out string problem)
    {
        try
        {
            text = File.ReadAllText(path);
            problem = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = "";
            problem = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            return false;
        }
    }

    private static string StripCr(string line) => line.EndsWith('\r') ? line[..^1] : line;

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
