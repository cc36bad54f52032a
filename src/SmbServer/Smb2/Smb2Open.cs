using Ntvfs;

namespace SmbServer.Smb2;

/// <summary>An open (MS-SMB2 3.3.1.10): a FileId bound to a session, a tree and a backend handle. Loop-owned.</summary>
public sealed class Smb2Open(ulong volatileId, Smb2Session session, Smb2Tree tree, NtvfsHandle handle)
{
    public ulong PersistentId => VolatileId;
    public ulong VolatileId { get; } = volatileId;
    public Smb2Session Session { get; } = session;
    public Smb2Tree Tree { get; } = tree;
    public NtvfsHandle Handle { get; } = handle;
}
