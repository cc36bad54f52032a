using Ntvfs;
using SmbServer.Configuration;

namespace SmbServer.Smb2;

/// <summary>A tree connect (MS-SMB2 3.3.1.9): a session's connection to one share. Loop-owned.</summary>
public sealed class Smb2Tree(uint treeId, ShareConfig share, NtvfsTree ntvfs, bool isIpc)
{
    public uint TreeId { get; } = treeId;
    public ShareConfig Share { get; } = share;
    public NtvfsTree Ntvfs { get; } = ntvfs;
    public bool IsIpc { get; } = isIpc;
    public uint MaximalAccess { get; init; }

    /// <summary>TreeConnect.EncryptData: the share requires encryption (smb encrypt = required).</summary>
    public bool EncryptData { get; init; }
}
