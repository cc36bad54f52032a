namespace Protocol.Fscc;

/// <summary>CreateOptions of SMB2 CREATE (MS-SMB2 2.2.13).</summary>
[Flags]
public enum CreateOptions : uint
{
    None = 0,
    DirectoryFile = 0x00000001,            // FILE_DIRECTORY_FILE
    WriteThrough = 0x00000002,             // FILE_WRITE_THROUGH
    SequentialOnly = 0x00000004,           // FILE_SEQUENTIAL_ONLY
    NoIntermediateBuffering = 0x00000008,  // FILE_NO_INTERMEDIATE_BUFFERING
    SynchronousIoAlert = 0x00000010,       // FILE_SYNCHRONOUS_IO_ALERT
    SynchronousIoNonalert = 0x00000020,    // FILE_SYNCHRONOUS_IO_NONALERT
    NonDirectoryFile = 0x00000040,         // FILE_NON_DIRECTORY_FILE
    CompleteIfOplocked = 0x00000100,       // FILE_COMPLETE_IF_OPLOCKED
    NoEaKnowledge = 0x00000200,            // FILE_NO_EA_KNOWLEDGE
    OpenRemoteInstance = 0x00000400,       // FILE_OPEN_REMOTE_INSTANCE
    RandomAccess = 0x00000800,             // FILE_RANDOM_ACCESS
    DeleteOnClose = 0x00001000,            // FILE_DELETE_ON_CLOSE
    OpenByFileId = 0x00002000,             // FILE_OPEN_BY_FILE_ID
    OpenForBackupIntent = 0x00004000,      // FILE_OPEN_FOR_BACKUP_INTENT
    NoCompression = 0x00008000,            // FILE_NO_COMPRESSION
    OpenRequiringOplock = 0x00010000,      // FILE_OPEN_REQUIRING_OPLOCK
    DisallowExclusive = 0x00020000,        // FILE_DISALLOW_EXCLUSIVE
    ReserveOpfilter = 0x00100000,          // FILE_RESERVE_OPFILTER
    OpenReparsePoint = 0x00200000,         // FILE_OPEN_REPARSE_POINT
    OpenNoRecall = 0x00400000,             // FILE_OPEN_NO_RECALL
    OpenForFreeSpaceQuery = 0x00800000,    // FILE_OPEN_FOR_FREE_SPACE_QUERY
}
