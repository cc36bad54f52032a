namespace Protocol.Fscc;

/// <summary>CreateDisposition of SMB2 CREATE (MS-SMB2 2.2.13).</summary>
public enum CreateDisposition : uint
{
    Supersede = 0,    // FILE_SUPERSEDE
    Open = 1,         // FILE_OPEN
    Create = 2,       // FILE_CREATE
    OpenIf = 3,       // FILE_OPEN_IF
    Overwrite = 4,    // FILE_OVERWRITE
    OverwriteIf = 5,  // FILE_OVERWRITE_IF
}
