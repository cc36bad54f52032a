namespace Protocol.Smb2;

/// <summary>The Flags field of the SMB2 header (MS-SMB2 2.2.1.2), SMB2_FLAGS_* without the prefix.</summary>
[Flags]
public enum Smb2HeaderFlags : uint
{
    None = 0,
    /// <summary>SMB2_FLAGS_SERVER_TO_REDIR: the message is a response.</summary>
    ServerToRedir = 0x00000001,
    /// <summary>SMB2_FLAGS_ASYNC_COMMAND: the header is the async form (2.2.1.1) carrying an AsyncId.</summary>
    AsyncCommand = 0x00000002,
    /// <summary>SMB2_FLAGS_RELATED_OPERATIONS: a related element of a compound (3.2.4.1.4).</summary>
    RelatedOperations = 0x00000004,
    /// <summary>SMB2_FLAGS_SIGNED.</summary>
    Signed = 0x00000008,
    /// <summary>SMB2_FLAGS_PRIORITY_MASK: the I/O priority, SMB 3.1.1 only; read it with <see cref="Smb2Header.Priority"/>.</summary>
    PriorityMask = 0x00000070,
    /// <summary>SMB2_FLAGS_DFS_OPERATIONS.</summary>
    DfsOperations = 0x10000000,
    /// <summary>SMB2_FLAGS_REPLAY_OPERATION (SMB 3.x).</summary>
    ReplayOperation = 0x20000000,
}
