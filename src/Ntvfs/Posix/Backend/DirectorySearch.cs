using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Fscc;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// The enumeration state of one directory open (MS-FSA Open.QueryPattern, Open.QueryLastEntry):
/// the pattern fixed by the first query (or a restart), the getdents cursor, whether "." and ".."
/// were produced, and the entry that did not fit in the last response (it is returned first by the
/// next query, so nothing is skipped across small buffers).
/// </summary>
/// <remarks>
/// Blocking (getdents, statx, xattrs): used from thread jobs. Two QUERY_DIRECTORY requests on one
/// open may run at once, so every use holds <see cref="Lock"/>.
/// Entry rules: "." and ".." come first, in the share root too (Windows and Samba list both there;
/// the root's ".." describes the root itself); vetoed names are skipped; a symbolic link is listed
/// with what it points to when the share's rules let it be followed, and skipped otherwise (as an
/// open of it would fail); FIFOs, sockets and device nodes are not listed (they cannot be opened).
/// Names that are not valid NT names (MS-FSCC 2.1.5.2: '*', ':', '\' and the like, which Linux
/// allows) are not listed either, since no client could open them.
/// A pattern without wildcards is a lookup of one name (case-insensitive through the share's name
/// cache), not a scan.
/// </remarks>
internal sealed class DirectorySearch
{
    public readonly object Lock = new();

    private WildcardMatcher? _matcher;
    private DirectoryReader? _reader;
    private int _phase;
    private (string Name, FileMetadata Metadata)? _held;
    private bool _started;

    private const int PhaseDot = 0, PhaseDotDot = 1, PhaseEntries = 2, PhaseEnd = 3;

    /// <summary>Starts over with a new pattern (first query, SMB2_RESTART_SCANS, SMB2_REOPEN).</summary>
    public NtStatus Restart(SafeFileDescriptor directory, string pattern, bool caseSensitive)
    {
        _matcher = WildcardMatcher.Create(pattern.Length == 0 ? "*" : pattern, ignoreCase: !caseSensitive);
        _held = null;
        _started = false;
        _phase = PhaseDot;
        _reader = new DirectoryReader(directory);
        return _reader.Rewind();
    }

    public bool IsStarted => _matcher is not null;

    /// <summary>
    /// Fills <paramref name="writer"/> from where the last query stopped. Returns the status of
    /// MS-FSA 2.1.5.6.3: the writer's (success, or BUFFER_OVERFLOW for a truncated first entry);
    /// STATUS_NO_SUCH_FILE when the first query of a search finds nothing, STATUS_NO_MORE_FILES
    /// at the end afterwards.
    /// </summary>
    public NtStatus Fill(ref DirectoryEntryWriter writer, PosixShare share, SafeFileDescriptor directory, string diskPath)
    {
        bool first = !_started;
        _started = true;
        Span<char> shortName = stackalloc char[ShortNames.MaxLength];
        while (!writer.IsComplete)
        {
            (string Name, FileMetadata Metadata)? entry = _held;
            _held = null;
            if (entry is null)
            {
                NtStatus s = Next(share, directory, diskPath, out entry);
                if (s.IsError)
                    return s;
                if (entry is null)
                    break;
            }
            var (name, metadata) = entry.Value;
            int shortLength = ShortNames.ListingName(name, shortName);
            if (writer.TryAdd(metadata, name, shortName[..shortLength]))
                continue;
            // Not added: keep it for the next query, unless it went out truncated as the first entry
            // (BUFFER_OVERFLOW): then it counts as returned.
            if (writer.Status != NtStatus.BufferOverflow)
                _held = entry;
            break;
        }
        if (writer.Count == 0 && writer.Status != NtStatus.BufferOverflow)
            return first ? NtStatus.NoSuchFile : NtStatus.NoMoreFiles;
        return writer.Status;
    }

    private NtStatus Next(PosixShare share, SafeFileDescriptor directory, string diskPath,
        out (string Name, FileMetadata Metadata)? entry)
    {
        entry = null;
        while (true)
        {
            switch (_phase)
            {
                case PhaseDot:
                    _phase = PhaseDotDot;
                    if (!_matcher!.IsMatch("."))
                        continue;
                    return Describe(share, directory, ".", diskPath.Length == 0 ? "." : LastComponent(diskPath), out entry);
                case PhaseDotDot:
                    _phase = PhaseEntries;
                    if (!_matcher!.IsMatch(".."))
                        continue;
                    if (diskPath.Length == 0)
                        return Describe(share, directory, "..", ".", out entry);
                    return DescribeAt(share, directory, diskPath, "..", out entry);
                case PhaseEntries:
                    if (_matcher!.IsLiteral && _matcher.Expression is not ("." or ".."))
                    {
                        _phase = PhaseEnd;
                        return Lookup(share, diskPath, _matcher.Expression, out entry);
                    }
                    NtStatus s = _reader!.Read(out DirectoryEntry d, out bool end);
                    if (s.IsError)
                        return s;
                    if (end)
                    {
                        _phase = PhaseEnd;
                        return NtStatus.Success;
                    }
                    // Names a client could not open again (':' or '*' in them, for instance) are not listed.
                    if (d.Name is "." or ".." || NameValidation.ValidateComponent(d.Name).IsError
                        || share.Root.Options.VetoFiles.IsVetoed(d.Name) || !_matcher.IsMatch(d.Name))
                        continue;
                    s = DescribeAt(share, directory, diskPath, d.Name, out entry);
                    if (s.IsError || entry is null)
                        continue; // gone meanwhile, a link we do not follow, or a special file
                    return NtStatus.Success;
                default:
                    return NtStatus.Success;
            }
        }
    }

    private static string LastComponent(string diskPath)
    {
        int slash = diskPath.LastIndexOf('/');
        return slash < 0 ? diskPath : diskPath[(slash + 1)..];
    }

    /// <summary>An entry for a descriptor we already hold.</summary>
    private static NtStatus Describe(PosixShare share, SafeFileDescriptor fd, string listedName, string diskName,
        out (string Name, FileMetadata Metadata)? entry)
    {
        entry = null;
        NtStatus s = PosixMetadata.Load(share, fd, diskName, false, out _, out _, out FileMetadata m);
        if (s.IsError)
            return s;
        entry = (listedName, m);
        return NtStatus.Success;
    }

    /// <summary>An entry for a name in the directory; a symbolic link is followed only where the share allows.</summary>
    private static NtStatus DescribeAt(PosixShare share, SafeFileDescriptor directory, string directoryPath, string name,
        out (string Name, FileMetadata Metadata)? entry)
    {
        entry = null;
        SafeFileDescriptor fd = Libc.openat(directory, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd.IsInvalid)
            return ErrnoMapping.ToNtStatus(Libc.LastErrno);
        using (fd)
        {
            NtStatus s = FileStatus.Get(fd, out FileStatus st);
            if (s.IsError)
                return s;
            if (st.IsSymbolicLink)
                return DescribeLink(share, directoryPath, name, out entry);
            if (!st.IsDirectory && !st.IsRegularFile)
                return NtStatus.Success;
            s = share.Dos.Load(fd, st, name == ".." ? ".." : name, out DosInfo dos);
            if (s.IsError)
                return s;
            entry = (name, PosixMetadata.Build(st, dos, false));
            return NtStatus.Success;
        }
    }

    /// <summary>Follows a link through the share root, so its confinement rules apply to listings too.</summary>
    private static NtStatus DescribeLink(PosixShare share, string directoryPath, string name,
        out (string Name, FileMetadata Metadata)? entry)
    {
        entry = null;
        if (!share.Root.Options.FollowSymlinks)
            return NtStatus.Success;
        string clientPath = directoryPath.Length == 0 ? name : directoryPath.Replace('/', '\\') + "\\" + name;
        NtStatus s = share.Root.Open(clientPath, Libc.O_PATH, 0, out SafeFileDescriptor? target);
        if (s.IsError)
            return NtStatus.Success;
        using (target)
        {
            s = FileStatus.Get(target!, out FileStatus st);
            if (s.IsError || (!st.IsDirectory && !st.IsRegularFile))
                return NtStatus.Success;
            s = share.Dos.Load(target!, st, name, out DosInfo dos);
            if (s.IsError)
                return NtStatus.Success;
            entry = (name, PosixMetadata.Build(st, dos, false));
            return NtStatus.Success;
        }
    }

    /// <summary>A pattern without wildcards: one lookup (case-insensitive per the share) instead of a scan.</summary>
    private static NtStatus Lookup(PosixShare share, string diskPath, string name, out (string Name, FileMetadata Metadata)? entry)
    {
        entry = null;
        if (NameValidation.ValidateComponent(name).IsError)
            return NtStatus.Success;
        string clientPath = diskPath.Length == 0 ? name : diskPath.Replace('/', '\\') + "\\" + name;
        if (share.Root.Resolve(clientPath, out ResolvedPath? resolved).IsError)
            return NtStatus.Success;
        using (resolved)
        {
            if (!resolved!.Exists)
                return NtStatus.Success;
            return DescribeAt(share, resolved.Parent, resolved.ParentRelativePath, resolved.Name, out entry);
        }
    }
}
