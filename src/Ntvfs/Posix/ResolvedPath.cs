using Ntvfs.Posix.Native;

namespace Ntvfs.Posix;

/// <summary>
/// A client path resolved under a share root: a descriptor of the directory that holds the last
/// component, and the last component's on-disk name. Owns <see cref="Parent"/>; dispose it.
/// </summary>
/// <remarks>
/// What it is for: the *at() calls that act on a name without following it (mkdirat, unlinkat,
/// renameat2, linkat, statx with AT_SYMLINK_NOFOLLOW, and O_CREAT|O_EXCL opens) are confined by
/// construction when given <see cref="Parent"/>. To open the object itself, following a final
/// symbolic link under the share's rules, use <see cref="ShareRoot.Open(ResolvedPath, int, uint, out SafeFileDescriptor?)"/>.
/// <see cref="Exists"/> and <see cref="Status"/> are a snapshot from resolution; what an open
/// returns is authoritative (fstat the descriptor).
/// </remarks>
public sealed class ResolvedPath : IDisposable
{
    internal ResolvedPath(SmbPath path, SafeFileDescriptor parent, string parentRelativePath, string name,
        bool exists, FileStatus status, DirectoryStamp? parentStamp)
    {
        Path = path;
        Parent = parent;
        ParentRelativePath = parentRelativePath;
        Name = name;
        Exists = exists;
        Status = status;
        ParentStamp = parentStamp;
    }

    /// <summary>The client's path, validated.</summary>
    public SmbPath Path { get; }

    /// <summary>O_PATH descriptor of the directory holding <see cref="Name"/> (the root itself for the root).</summary>
    public SafeFileDescriptor Parent { get; }

    /// <summary>Share-relative path of <see cref="Parent"/> with on-disk names and '/' separators; "" at the root.</summary>
    public string ParentRelativePath { get; }

    /// <summary>
    /// The last component as it is on disk when it exists (case-insensitive lookup may have found
    /// "Report.TXT" for "report.txt"), else as the client sent it. "." for the share root.
    /// </summary>
    public string Name { get; }

    /// <summary>Share-relative path of the object, on-disk names, '/' separators; "." for the root.</summary>
    public string RelativePath => ParentRelativePath.Length == 0 ? Name : ParentRelativePath + "/" + Name;

    public bool IsRoot => Path.IsRoot;

    /// <summary>The last component exists (as a name: it may be a symbolic link, even a dangling one).</summary>
    public bool Exists { get; }

    /// <summary>statx of the last component without following a link; meaningful only when <see cref="Exists"/>.</summary>
    public FileStatus Status { get; }

    /// <summary>The parent directory's stamp when its cached listing was consulted, for <see cref="CaseInsensitiveNameCache.NoteAdded"/>.</summary>
    internal DirectoryStamp? ParentStamp { get; }

    /// <summary>
    /// Hands <see cref="Parent"/> over to the caller, who disposes it; <see cref="Dispose"/> then
    /// leaves it open. For the share root, <see cref="Parent"/> is the object itself (an O_PATH
    /// descriptor whose fstat is <see cref="Status"/>), so an open of the root needs no second open.
    /// </summary>
    public SafeFileDescriptor DetachParent()
    {
        _detached = true;
        return Parent;
    }

    private bool _detached;

    public void Dispose()
    {
        if (!_detached)
            Parent.Dispose();
    }

    public override string ToString() => RelativePath;
}
