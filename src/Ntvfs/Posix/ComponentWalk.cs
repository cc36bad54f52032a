using System.Text;
using Ntvfs.Posix.Native;

namespace Ntvfs.Posix;

/// <summary>
/// Confined path resolution without openat2 (<see cref="PathResolution.ComponentWalk"/>): every
/// component is opened relative to its parent's descriptor with O_NOFOLLOW, so the kernel never
/// follows a link on our behalf; links are read and their targets walked here, under the same rules
/// RESOLVE_BENEATH applies.
/// </summary>
/// <remarks>
/// Why this is race-free: the walk holds a descriptor for every directory it has entered (a stack
/// starting at the share root). A concurrent rename can only change what a *name* refers to; each
/// name is looked up once, relative to a held descriptor, without following, and what it turned out
/// to be (directory, link, other) is checked on the descriptor that lookup returned. ".." in a link
/// target pops the stack instead of asking the kernel for "..", so it can never climb above the
/// root descriptor, wherever the directories have been moved meanwhile. Refused, as with
/// RESOLVE_BENEATH: absolute link targets (EXDEV), ".." above the root (EXDEV), more than 40 links
/// (ELOOP). With `follow symlinks = no`, any link is ELOOP.
/// </remarks>
internal sealed class ComponentWalk(SafeFileDescriptor root, ShareRootOptions options, NameLookup lookup)
{
    /// <summary>Linux MAXSYMLINKS.</summary>
    public const int MaxSymlinks = 40;

    private readonly record struct Step(string Name, int ClientIndex);

    /// <summary>
    /// Resolves directory components to an O_PATH descriptor of the last one (the root for none).
    /// <paramref name="actualNames"/> receives the on-disk spelling of each client component.
    /// Returns 0 or an errno (EXDEV/ELOOP for refused links).
    /// </summary>
    public int WalkDirectories(IReadOnlyList<string> components, int count, out SafeFileDescriptor? directory,
        out string[] actualNames)
        => Walk(components, count, openLast: false, 0, 0, out directory, out actualNames);

    /// <summary>
    /// Resolves all components and opens the last with <paramref name="flags"/>, following a final
    /// link (within the root) unless flags has O_NOFOLLOW.
    /// </summary>
    public int Open(IReadOnlyList<string> components, int flags, uint mode, out SafeFileDescriptor? file)
        => Walk(components, components.Count, openLast: true, flags, mode, out file, out _);

    private int Walk(IReadOnlyList<string> components, int count, bool openLast, int flags, uint mode,
        out SafeFileDescriptor? result, out string[] actualNames)
    {
        result = null;
        actualNames = new string[count];
        var queue = new LinkedList<Step>();
        for (int i = 0; i < count; i++)
            queue.AddLast(new Step(components[i], i));

        bool noFollowLast = (flags & Libc.O_NOFOLLOW) != 0;
        var stack = new List<SafeFileDescriptor> { root }; // stack[0] is borrowed, the rest owned
        int links = 0;
        try
        {
            while (queue.First is { } node)
            {
                Step step = node.Value;
                queue.RemoveFirst();
                if (step.Name is "" or ".")
                    continue;
                if (step.Name is "..")
                {
                    // Only link targets contain "..": client paths are normalised before this.
                    if (stack.Count == 1)
                        return Errno.EXDEV;
                    stack[^1].Dispose();
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                SafeFileDescriptor top = stack[^1];
                bool isLast = queue.First is null;
                string name = step.Name;

                if (isLast && openLast)
                {
                    int errno = OpenFinal(top, ref name, step.ClientIndex >= 0, flags | Libc.O_NOFOLLOW, mode,
                        followLink: !noFollowLast, out SafeFileDescriptor? fd, out bool isLink);
                    if (errno != 0)
                        return errno;
                    if (!isLink)
                    {
                        result = fd;
                        return 0;
                    }
                    errno = FollowLink(top, name, null, ref links, queue);
                    if (errno != 0)
                        return errno;
                    continue;
                }

                int e = OpenComponent(top, ref name, step.ClientIndex >= 0, out SafeFileDescriptor? dirFd);
                if (e != 0)
                    return e;
                if (step.ClientIndex >= 0)
                    actualNames[step.ClientIndex] = name;
                e = FileStatus.TryGet(dirFd!, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, out FileStatus st);
                if (e != 0)
                {
                    dirFd!.Dispose();
                    return e;
                }
                if (st.IsDirectory)
                {
                    stack.Add(dirFd!);
                    continue;
                }
                if (st.IsSymbolicLink)
                {
                    e = FollowLink(dirFd!, "", dirFd, ref links, queue);
                    dirFd!.Dispose();
                    if (e != 0)
                        return e;
                    continue;
                }
                dirFd!.Dispose();
                return Errno.ENOTDIR;
            }

            // The path ended on a directory already on the stack (the root, or a link to a directory).
            if (openLast)
            {
                SafeFileDescriptor fd = Libc.openat(stack[^1], ".", flags | Libc.O_CLOEXEC, mode);
                if (fd.IsInvalid)
                    return Libc.LastErrno;
                result = fd;
                return 0;
            }
            if (stack.Count == 1)
            {
                SafeFileDescriptor dup = Libc.openat(root, ".", Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
                if (dup.IsInvalid)
                    return Libc.LastErrno;
                result = dup;
                return 0;
            }
            result = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return 0;
        }
        finally
        {
            for (int i = 1; i < stack.Count; i++)
                stack[i].Dispose();
        }
    }

    /// <summary>Opens a non-final component with O_PATH|O_NOFOLLOW, trying the case-insensitive match on ENOENT.</summary>
    private int OpenComponent(SafeFileDescriptor dir, ref string name, bool fromClient, out SafeFileDescriptor? fd)
    {
        fd = Libc.openat(dir, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (!fd.IsInvalid)
            return 0;
        int errno = Libc.LastErrno;
        if (errno != Errno.ENOENT || !fromClient || options.CaseSensitive)
            return errno;
        errno = lookup.Find(dir, name, forceScan: false, out string? actual, out _);
        if (errno != 0)
            return errno;
        if (actual is null)
            return Errno.ENOENT;
        name = actual;
        fd = Libc.openat(dir, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        return fd.IsInvalid ? Libc.LastErrno : 0;
    }

    /// <summary>
    /// Opens the final component with O_NOFOLLOW. <paramref name="isLink"/> reports a symbolic link
    /// to follow (ELOOP for a real open; an O_PATH open returns the link itself, recognised by
    /// statx). When <paramref name="followLink"/> is false a link is ELOOP, or for O_PATH the link
    /// itself is the result, as open(2) with O_NOFOLLOW does.
    /// </summary>
    private int OpenFinal(SafeFileDescriptor dir, ref string name, bool fromClient, int flags, uint mode,
        bool followLink, out SafeFileDescriptor? fd, out bool isLink)
    {
        isLink = false;
        fd = Libc.openat(dir, name, flags | Libc.O_CLOEXEC, mode);
        int errno = fd.IsInvalid ? Libc.LastErrno : 0;
        if (errno == Errno.ENOENT && fromClient && !options.CaseSensitive)
        {
            errno = lookup.Find(dir, name, forceScan: false, out string? actual, out _);
            if (errno != 0)
                return errno;
            if (actual is null)
                return Errno.ENOENT;
            name = actual;
            fd = Libc.openat(dir, name, flags | Libc.O_CLOEXEC, mode);
            errno = fd.IsInvalid ? Libc.LastErrno : 0;
        }
        if (errno == Errno.ELOOP && followLink)
        {
            isLink = true;
            fd = null;
            return 0;
        }
        if (errno != 0)
            return errno;
        if ((flags & Libc.O_PATH) != 0)
        {
            errno = FileStatus.TryGet(fd, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, out FileStatus st);
            if (errno != 0)
            {
                fd.Dispose();
                return errno;
            }
            if (st.IsSymbolicLink && followLink)
            {
                fd.Dispose();
                fd = null;
                isLink = true;
            }
        }
        return 0;
    }

    /// <summary>Reads a link (by name in <paramref name="dir"/>, or <paramref name="linkFd"/> itself) and queues its target's components.</summary>
    private unsafe int FollowLink(SafeFileDescriptor dir, string name, SafeFileDescriptor? linkFd, ref int links,
        LinkedList<Step> queue)
    {
        if (!options.FollowSymlinks)
            return Errno.ELOOP;
        if (++links > MaxSymlinks)
            return Errno.ELOOP;

        byte* buffer = stackalloc byte[4096];
        nint n = Libc.readlinkat(linkFd ?? dir, linkFd is null ? name : "", buffer, 4096);
        if (n < 0)
        {
            // EINVAL: the name stopped being a link between the open and here (a concurrent rename).
            // Retry the name from scratch; the link budget bounds the retries.
            int errno = Libc.LastErrno;
            if (errno == Errno.EINVAL && linkFd is null)
            {
                queue.AddFirst(new Step(name, -1));
                return 0;
            }
            return errno;
        }
        if (n >= 4096)
            return Errno.ENAMETOOLONG;
        string target;
        try
        {
            target = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, (int)n);
        }
        catch (DecoderFallbackException)
        {
            return Errno.EILSEQ;
        }
        if (target.Length == 0)
            return Errno.ENOENT;
        if (target[0] == '/')
            return Errno.EXDEV;

        string[] parts = target.Split('/');
        for (int i = parts.Length - 1; i >= 0; i--)
            queue.AddFirst(new Step(parts[i], -1));
        return 0;
    }
}
