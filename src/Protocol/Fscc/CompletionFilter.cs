namespace Protocol.Fscc;

/// <summary>CompletionFilter of SMB2 CHANGE_NOTIFY (MS-SMB2 2.2.35): which changes complete the watch.</summary>
[Flags]
public enum CompletionFilter : uint
{
    None = 0,
    FileName = 0x00000001,     // FILE_NOTIFY_CHANGE_FILE_NAME
    DirName = 0x00000002,      // FILE_NOTIFY_CHANGE_DIR_NAME
    Attributes = 0x00000004,   // FILE_NOTIFY_CHANGE_ATTRIBUTES
    Size = 0x00000008,         // FILE_NOTIFY_CHANGE_SIZE
    LastWrite = 0x00000010,    // FILE_NOTIFY_CHANGE_LAST_WRITE
    LastAccess = 0x00000020,   // FILE_NOTIFY_CHANGE_LAST_ACCESS
    Creation = 0x00000040,     // FILE_NOTIFY_CHANGE_CREATION
    Ea = 0x00000080,           // FILE_NOTIFY_CHANGE_EA
    Security = 0x00000100,     // FILE_NOTIFY_CHANGE_SECURITY
    StreamName = 0x00000200,   // FILE_NOTIFY_CHANGE_STREAM_NAME
    StreamSize = 0x00000400,   // FILE_NOTIFY_CHANGE_STREAM_SIZE
    StreamWrite = 0x00000800,  // FILE_NOTIFY_CHANGE_STREAM_WRITE
}
