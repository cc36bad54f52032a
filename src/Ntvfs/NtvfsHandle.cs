namespace Ntvfs;

/// <summary>
/// An open made by a backend's create. The SMB layer maps a FileId to it; the backend keeps what it
/// needs in its subclass. Touched only on the loop of the connection that opened it.
/// </summary>
public abstract class NtvfsHandle
{
    protected NtvfsHandle(NtvfsTree tree, string path, bool isDirectory, uint grantedAccess)
    {
        Tree = tree;
        Path = path;
        IsDirectory = isDirectory;
        GrantedAccess = grantedAccess;
    }

    public NtvfsTree Tree { get; }

    /// <summary>The path relative to the share, as the client named it (backslashes, no leading one).</summary>
    public string Path { get; protected set; }

    public bool IsDirectory { get; }

    /// <summary>The access mask granted at create (MS-SMB2 3.3.5.9: checked on every later operation).</summary>
    public uint GrantedAccess { get; }

    public bool IsClosed { get; internal set; }
}
