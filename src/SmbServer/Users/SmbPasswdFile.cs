using System.Text;

namespace SmbServer.Users;

/// <summary>
/// An smbpasswd file in memory, line by line. Lines it does not change (comments, blank lines,
/// malformed lines, other users) are written back exactly as read; only added or changed users
/// get newly formatted lines. User names compare ignoring case; with duplicates, the first wins
/// (as in Samba, which reads top to bottom).
/// </summary>
public sealed class SmbPasswdFile
{
    private readonly List<Line> _lines = [];
    private readonly List<(int Line, string Message)> _problems = [];

    private sealed class Line(string text, SmbPasswdEntry? entry)
    {
        public string Text { get; set; } = text;
        public SmbPasswdEntry? Entry { get; set; } = entry;
    }

    /// <summary>Well-formed entries in file order.</summary>
    public IReadOnlyList<SmbPasswdEntry> Entries => _lines.Where(l => l.Entry is not null).Select(l => l.Entry!).ToList();

    /// <summary>Lines that are not well-formed entries (1-based line number, reason); they are kept as they are.</summary>
    public IReadOnlyList<(int Line, string Message)> Problems => _problems;

    public static SmbPasswdFile Parse(string text)
    {
        var file = new SmbPasswdFile();
        if (text.Length == 0)
            return file;
        var lines = text.Split('\n');
        // A final line break ends the last line; it does not start an empty one.
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++)
        {
            var raw = lines[i];
            var content = raw.TrimEnd('\r');
            if (content.Length == 0 || content[0] == '#')
            {
                file._lines.Add(new Line(raw, null));
                continue;
            }
            if (SmbPasswdEntry.TryParse(content, out var entry, out var problem))
            {
                file._lines.Add(new Line(raw, entry));
                continue;
            }
            file._problems.Add((i + 1, problem));
            file._lines.Add(new Line(raw, null));
        }
        return file;
    }

    /// <summary>Reads a file; a file that does not exist reads as empty.</summary>
    public static SmbPasswdFile Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (FileNotFoundException)
        {
            return new SmbPasswdFile();
        }
        catch (DirectoryNotFoundException)
        {
            return new SmbPasswdFile();
        }
    }

    public SmbPasswdEntry? Find(string name) =>
        _lines.FirstOrDefault(l => l.Entry is not null && NameEquals(l.Entry.Name, name))?.Entry;

    /// <summary>Replaces the user of that name (ignoring case), or appends the entry.</summary>
    public void Set(SmbPasswdEntry entry)
    {
        var line = _lines.FirstOrDefault(l => l.Entry is not null && NameEquals(l.Entry.Name, entry.Name));
        if (line is null)
        {
            _lines.Add(new Line(entry.Format(), entry));
            return;
        }
        line.Entry = entry;
        line.Text = entry.Format();
    }

    /// <summary>Removes every line for that user; false if there was none.</summary>
    public bool Remove(string name) => _lines.RemoveAll(l => l.Entry is not null && NameEquals(l.Entry.Name, name)) > 0;

    /// <summary>The file's text; every line ends with a line break.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        foreach (var line in _lines)
            sb.Append(line.Text).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes the file atomically with mode 0600 (see <see cref="AtomicFile"/>).</summary>
    public void Save(string path) => AtomicFile.Write(path, Encoding.UTF8.GetBytes(Format()));

    private static bool NameEquals(string a, string b) => a.Equals(b, StringComparison.OrdinalIgnoreCase);
}
