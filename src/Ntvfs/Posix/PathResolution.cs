namespace Ntvfs.Posix;

/// <summary>How a share confines path lookups to its root.</summary>
public enum PathResolution
{
    /// <summary>openat2 when the kernel has it (Linux 5.6+), else <see cref="ComponentWalk"/>.</summary>
    Auto,
    /// <summary>
    /// openat2 with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS: the kernel walks the whole path and
    /// refuses any step that leaves the root (absolute symlinks, ".." above it), atomically with
    /// respect to concurrent renames. Note: an absolute symbolic link is refused even when it points
    /// back into the share (RESOLVE_BENEATH cannot know); relative links are the portable form.
    /// </summary>
    Openat2,
    /// <summary>
    /// Our own walk, one component at a time, each opened with O_PATH|O_NOFOLLOW relative to its
    /// parent's descriptor; symbolic links are read and resolved by the walk, ".." pops the walk's
    /// own stack of directory descriptors, and a link that would climb above the root or is absolute
    /// is refused. For kernels without openat2 (or where seccomp hides it).
    /// </summary>
    ComponentWalk,
}
