namespace Protocol.Smb2;

/// <summary>FILE_* create options of the CREATE request (MS-SMB2 2.2.13).</summary>
[Flags]
public enum Smb2CreateOptions : uint
{
    None = 0,
    DirectoryFile = 0x00000001,
    WriteThrough = 0x00000002,
    SequentialOnly = 0x00000004,
    NoIntermediateBuffering = 0x00000008,
    SynchronousIoAlert = 0x00000010,
    SynchronousIoNonalert = 0x00000020,
    NonDirectoryFile = 0x00000040,
    CompleteIfOplocked = 0x00000100,
    NoEaKnowledge = 0x00000200,
    OpenRemoteInstance = 0x00000400,
    RandomAccess = 0x00000800,
    DeleteOnClose = 0x00001000,
    OpenByFileId = 0x00002000,
    OpenForBackupIntent = 0x00004000,
    NoCompression = 0x00008000,
    OpenRequiringOplock = 0x00010000,
    DisallowExclusive = 0x00020000,
    ReserveOpfilter = 0x00100000,
    OpenReparsePoint = 0x00200000,
    OpenNoRecall = 0x00400000,
    OpenForFreeSpaceQuery = 0x00800000,
}
