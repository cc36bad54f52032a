using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Users;

/// <summary>
/// The users of an smbpasswd file, looked up by name ignoring case. Every lookup first checks
/// whether the file changed (size or modification time, one stat) and re-reads it if so, so
/// `user add` and friends take effect without a restart. File systems stamp times with a coarse
/// clock (a few milliseconds), so two rewrites of the same size can share a time: while the
/// file's time is within <see cref="RacyWindow"/> of now, a lookup also compares the content
/// (git's "racy clean" problem, solved the same way). Safe to call from any thread: a reload
/// swaps in a new immutable snapshot.
/// </summary>
public sealed class UserDatabase
{
    private readonly Lock _reloadLock = new();
    private Snapshot _snapshot = Snapshot.Empty;

    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private sealed record Snapshot(Dictionary<string, SmbUser> Users, IReadOnlyList<(int Line, string Message)> Problems,
        DateTime LastWriteUtc, long Length, bool Exists, string Content)
    {
        public static readonly Snapshot Empty = new(new Dictionary<string, SmbUser>(StringComparer.OrdinalIgnoreCase), [], default, -1, false, "");
    }

    public UserDatabase(string path)
    {
        Path = path;
        Reload();
    }

    public string Path { get; }

    /// <summary>Malformed lines found by the last read, so the host can log them.</summary>
    public IReadOnlyList<(int Line, string Message)> Problems => Current().Problems;

    public IReadOnlyCollection<SmbUser> Users => Current().Users.Values;

    public bool TryGetUser(string name, [NotNullWhen(true)] out SmbUser? user) =>
        Current().Users.TryGetValue(name, out user);

    /// <summary>Re-reads the file now (SIGHUP).</summary>
    public void Reload()
    {
        lock (_reloadLock)
        {
            var (exists, mtime, length) = Stat();
            var content = ReadContent(out var problem);
            if (content is null)
            {
                // Unreadable (permissions, I/O error): keep serving the users we had, and say why.
                var old = Volatile.Read(ref _snapshot);
                Volatile.Write(ref _snapshot, old with { Problems = [(0, $"cannot read {Path}: {problem}")], LastWriteUtc = mtime, Length = length, Exists = exists });
                return;
            }
            var file = SmbPasswdFile.Parse(content);
            var users = new Dictionary<string, SmbUser>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in file.Entries)
                users.TryAdd(e.Name, new SmbUser(e.Name, e.Uid, e.NtHash, e.Flags));
            Volatile.Write(ref _snapshot, new Snapshot(users, file.Problems, mtime, length, exists, content));
        }
    }

    private Snapshot Current()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var (exists, mtime, length) = Stat();
        if (exists != snapshot.Exists || mtime != snapshot.LastWriteUtc || length != snapshot.Length
            || (exists && DateTime.UtcNow - mtime < RacyWindow && ReadContent(out _) is { } content && content != snapshot.Content))
        {
            Reload();
            snapshot = Volatile.Read(ref _snapshot);
        }
        return snapshot;
    }

    /// <summary>The file's text ("" when it does not exist), or null when it cannot be read.</summary>
    private string? ReadContent(out string problem)
    {
        problem = "";
        try
        {
            return File.ReadAllText(Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return null;
        }
    }

    private (bool Exists, DateTime LastWriteUtc, long Length) Stat()
    {
        var info = new FileInfo(Path);
        return info.Exists ? (true, info.LastWriteTimeUtc, info.Length) : (false, default, -1);
    }
}
