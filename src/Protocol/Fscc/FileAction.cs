namespace Protocol.Fscc;

/// <summary>FILE_NOTIFY_INFORMATION.Action (MS-FSCC 2.7.1): what happened to the named file.</summary>
public enum FileAction : uint
{
    Added = 0x00000001,               // FILE_ACTION_ADDED
    Removed = 0x00000002,             // FILE_ACTION_REMOVED
    Modified = 0x00000003,            // FILE_ACTION_MODIFIED
    RenamedOldName = 0x00000004,      // FILE_ACTION_RENAMED_OLD_NAME
    RenamedNewName = 0x00000005,      // FILE_ACTION_RENAMED_NEW_NAME
    AddedStream = 0x00000006,         // FILE_ACTION_ADDED_STREAM
    RemovedStream = 0x00000007,       // FILE_ACTION_REMOVED_STREAM
    ModifiedStream = 0x00000008,      // FILE_ACTION_MODIFIED_STREAM
    RemovedByDelete = 0x00000009,     // FILE_ACTION_REMOVED_BY_DELETE
    IdNotTunnelled = 0x0000000A,      // FILE_ACTION_ID_NOT_TUNNELLED
    TunnelledIdCollision = 0x0000000B, // FILE_ACTION_TUNNELLED_ID_COLLISION
}
