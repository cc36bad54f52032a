namespace Ntvfs.Posix;

/// <summary>
/// Per-share, bounded, least-recently-used cache of directory listings used for case-insensitive
/// lookups: for a directory (dev, ino) it holds the set of its names under ordinal-ignore-case
/// equality, valid while the directory's <see cref="DirectoryStamp"/> is unchanged.
/// Thread-safe (lookups run on thread jobs in parallel).
/// </summary>
/// <remarks>
/// Why a whole listing rather than one (name -> actual name) pair: the expensive case is a name that
/// does not exist at all (every CREATE of a new file asks "is there a FOO under another case?").
/// A valid listing answers "no" without reading the directory again, so creating n files in one
/// directory costs one scan, not n.
/// Staleness: a lookup compares the stored stamp with a fresh statx of the directory, so changes by
/// anyone (a local process too) are seen once the timestamp moves. Two changes within one timestamp
/// tick (coarse clocks on kernels before multigrain timestamps) can leave the stamp unchanged; the
/// server's own changes are therefore also reported explicitly (<see cref="NoteAdded"/>,
/// <see cref="Invalidate"/>), and a cached name that turns out to be gone makes the caller
/// invalidate and scan again. A name created by another process within the same tick as our last
/// scan can be missed until the directory changes again: accepted, it only costs a
/// case-insensitive match, never an escape or a wrong file.
/// </remarks>
public sealed class CaseInsensitiveNameCache
{
    private sealed class Entry(DirectoryKey key, DirectoryStamp stamp, HashSet<string> names)
    {
        public readonly DirectoryKey Key = key;
        public DirectoryStamp Stamp = stamp;
        public readonly HashSet<string> Names = names;
        public LinkedListNode<Entry>? Node;
    }

    private readonly object _lock = new();
    private readonly Dictionary<DirectoryKey, Entry> _map = new();
    private readonly LinkedList<Entry> _lru = new(); // most recently used first
    private int _names;

    public CaseInsensitiveNameCache(int maxDirectories = 1024, int maxNames = 256 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDirectories);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNames);
        MaxDirectories = maxDirectories;
        MaxNames = maxNames;
    }

    public int MaxDirectories { get; }

    /// <summary>Budget of names over all cached directories; a bigger directory is never cached.</summary>
    public int MaxNames { get; }

    public int DirectoryCount { get { lock (_lock) return _map.Count; } }
    public int NameCount { get { lock (_lock) return _names; } }
    public long Hits { get; private set; }
    public long Misses { get; private set; }

    /// <summary>
    /// Looks <paramref name="name"/> up in the cached listing of a directory whose current stamp is
    /// <paramref name="stamp"/>. Returns false when there is no valid listing (the caller scans);
    /// true with <paramref name="actual"/> = the on-disk name, or null if no name matches.
    /// </summary>
    public bool TryLookup(DirectoryKey key, DirectoryStamp stamp, string name, out string? actual)
    {
        lock (_lock)
        {
            if (!_map.TryGetValue(key, out Entry? e) || e.Stamp != stamp)
            {
                if (e is not null) RemoveLocked(e);
                Misses++;
                actual = null;
                return false;
            }
            Touch(e);
            Hits++;
            actual = e.Names.TryGetValue(name, out string? found) ? found : null;
            return true;
        }
    }

    /// <summary>
    /// Like <see cref="TryLookup"/>, but finds the cached name that <paramref name="match"/> accepts
    /// (a generated 8.3 name resolved back to its long name).
    /// </summary>
    public bool TryFind(DirectoryKey key, DirectoryStamp stamp, Func<string, bool> match, out string? actual)
    {
        actual = null;
        lock (_lock)
        {
            if (!_map.TryGetValue(key, out Entry? e) || e.Stamp != stamp)
                return false;
            foreach (string name in e.Names)
            {
                if (!match(name)) continue;
                actual = name;
                break;
            }
            return true;
        }
    }

    /// <summary>
    /// Stores a fresh listing. <paramref name="names"/> must use <see cref="StringComparer.OrdinalIgnoreCase"/>;
    /// the cache owns it afterwards. <paramref name="stamp"/> is the directory's stamp taken before the scan
    /// began, so a change during the scan leaves the entry stale rather than wrongly fresh.
    /// </summary>
    public void Store(DirectoryKey key, DirectoryStamp stamp, HashSet<string> names)
    {
        if (names.Comparer != StringComparer.OrdinalIgnoreCase)
            throw new ArgumentException("The name set must compare with OrdinalIgnoreCase.", nameof(names));
        lock (_lock)
        {
            if (_map.TryGetValue(key, out Entry? old))
                RemoveLocked(old);
            if (MaxDirectories == 0 || names.Count > MaxNames)
                return;
            var e = new Entry(key, stamp, names);
            e.Node = _lru.AddFirst(e);
            _map[key] = e;
            _names += names.Count;
            while (_map.Count > MaxDirectories || _names > MaxNames)
                RemoveLocked(_lru.Last!.Value);
        }
    }

    /// <summary>
    /// The server created <paramref name="name"/> in the directory. If the cached listing was current
    /// as of <paramref name="stampBefore"/> (what the lookup before the create saw), it is updated in
    /// place and stamped <paramref name="stampAfter"/>; otherwise it is dropped.
    /// </summary>
    public void NoteAdded(DirectoryKey key, DirectoryStamp stampBefore, DirectoryStamp stampAfter, string name)
    {
        lock (_lock)
        {
            if (!_map.TryGetValue(key, out Entry? e))
                return;
            if (e.Stamp != stampBefore || _names + 1 > MaxNames)
            {
                RemoveLocked(e);
                return;
            }
            if (e.Names.Add(name))
                _names++;
            e.Stamp = stampAfter;
            Touch(e);
        }
    }

    /// <summary>Drops the listing of one directory (after an unlink, rename or unknown change in it).</summary>
    public void Invalidate(DirectoryKey key)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out Entry? e))
                RemoveLocked(e);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _lru.Clear();
            _names = 0;
        }
    }

    private void Touch(Entry e)
    {
        if (e.Node is { } node && node != _lru.First)
        {
            _lru.Remove(node);
            _lru.AddFirst(node);
        }
    }

    private void RemoveLocked(Entry e)
    {
        _map.Remove(e.Key);
        if (e.Node is not null)
            _lru.Remove(e.Node);
        e.Node = null;
        _names -= e.Names.Count;
    }
}
