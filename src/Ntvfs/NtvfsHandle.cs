using Protocol.Smb2;

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

    private Action<NtvfsHandle, Smb2OplockLevel>? _oplockBreakHandler;
    private Smb2OplockLevel? _undeliveredBreak;

    /// <summary>
    /// The SMB layer's receiver of oplock breaks for this handle (MS-SMB2 3.3.4.6), set once the
    /// open has a FileId. A break the backend raised before that is delivered at once here.
    /// Loop thread of the handle only.
    /// </summary>
    public void SetOplockBreakHandler(Action<NtvfsHandle, Smb2OplockLevel> handler)
    {
        _oplockBreakHandler = handler;
        if (_undeliveredBreak is { } level)
        {
            _undeliveredBreak = null;
            handler(this, level);
        }
    }

    /// <summary>
    /// The backend tells the holder its oplock is being broken to <paramref name="level"/>. Called on
    /// the handle's loop (a backend on another loop posts there first). Nothing is sent for a closed
    /// handle; before the SMB layer has set its handler the lowest level is kept for it.
    /// </summary>
    protected void RaiseOplockBreak(Smb2OplockLevel level)
    {
        if (IsClosed)
            return;
        if (_oplockBreakHandler is { } handler)
        {
            handler(this, level);
            return;
        }
        if (_undeliveredBreak is not { } kept || level < kept)
            _undeliveredBreak = level;
    }
}
