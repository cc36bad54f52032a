using Ntvfs.Posix.Native;

namespace Ntvfs.Posix;

/// <summary>
/// Finds the on-disk spelling of a name in a directory, ignoring case (ordinal, full Unicode simple
/// case mapping: string.Equals(a, b, StringComparison.OrdinalIgnoreCase)), through the share's
/// <see cref="CaseInsensitiveNameCache"/>. Used only after the exact name was not found.
/// </summary>
/// <remarks>
/// NTFS decides case-insensitive equality with the volume's upcase table, a per-character mapping
/// of the BMP fixed when the volume was formatted. .NET's OrdinalIgnoreCase is the same kind of
/// mapping (simple, per character, no normalisation, no "ß" = "SS") from current Unicode data, and
/// it also maps the letters outside the BMP (Deseret, Osage, ...) that the upcase table cannot.
/// Like NTFS, no Unicode normalisation is applied: "é" precomposed and "e" + combining accent are
/// different names.
/// </remarks>
internal sealed class NameLookup(CaseInsensitiveNameCache cache)
{
    public CaseInsensitiveNameCache Cache { get; } = cache;

    /// <summary>
    /// Looks <paramref name="name"/> up in the directory <paramref name="dir"/> (any descriptor of
    /// it, O_PATH included). Returns 0 or an errno; <paramref name="actual"/> is null when no entry
    /// matches. <paramref name="forceScan"/> ignores the cached listing (after a cached name proved stale).
    /// </summary>
    public int Find(SafeFileDescriptor dir, string name, bool forceScan, out string? actual, out DirectoryStamp stamp)
    {
        actual = null;
        stamp = default;
        int errno = FileStatus.TryGet(dir, "", Libc.AT_EMPTY_PATH, out FileStatus st);
        if (errno != 0)
            return errno;
        var key = new DirectoryKey(st.Device, st.Inode);
        stamp = DirectoryStamp.From(st);
        if (forceScan)
            Cache.Invalidate(key);
        else if (Cache.TryLookup(key, stamp, name, out actual))
            return actual is null ? FindGenerated(key, stamp, name, names: null, out actual) : 0;

        using SafeFileDescriptor readable = Libc.openat(dir, ".", Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (readable.IsInvalid)
            return Libc.LastErrno;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var reader = new DirectoryReader(readable);
        while (true)
        {
            var status = reader.Read(out DirectoryEntry entry, out bool end);
            if (status.IsError)
                return Errno.EIO;
            if (end)
                break;
            if (entry.Name is not "." and not "..")
                names.Add(entry.Name);
        }
        actual = names.TryGetValue(name, out string? found) ? found : null;
        if (actual is null)
            FindGenerated(key, stamp, name, names, out actual);
        Cache.Store(key, stamp, names);
        return 0;
    }

    /// <summary>
    /// A name that is no entry's long name may be one's generated 8.3 name (<see cref="ShortNames"/>):
    /// then the entry whose generated name it is answers. Searches <paramref name="names"/>, or the
    /// cached listing when null.
    /// </summary>
    private int FindGenerated(DirectoryKey key, DirectoryStamp stamp, string name, HashSet<string>? names, out string? actual)
    {
        actual = null;
        if (!ShortNames.LooksGenerated(name))
            return 0;
        if (names is null)
        {
            Cache.TryFind(key, stamp, candidate => ShortNames.Matches(candidate, name), out actual);
            return 0;
        }
        foreach (string candidate in names)
        {
            if (!ShortNames.Matches(candidate, name)) continue;
            actual = candidate;
            break;
        }
        return 0;
    }

    /// <summary>Finds and checks that the match still exists (statx, no follow); rescans once if it vanished.</summary>
    public int FindExisting(SafeFileDescriptor dir, string name, out string? actual, out FileStatus status,
        out DirectoryStamp stamp)
    {
        status = default;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            int errno = Find(dir, name, forceScan: attempt > 0, out actual, out stamp);
            if (errno != 0 || actual is null)
                return errno;
            errno = FileStatus.TryGet(dir, actual, Libc.AT_SYMLINK_NOFOLLOW, out status);
            if (errno != Errno.ENOENT)
                return errno;
        }
        actual = null;
        stamp = default;
        return 0;
    }
}
