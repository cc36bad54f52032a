namespace Protocol.Security;

/// <summary>
/// ACCESS_MASK (MS-DTYP 2.4.3) with the file and directory specific rights of MS-SMB2 2.2.13.1.1/2.2.13.1.2.
/// The directory rights share their bit with the file right of the same position
/// (FILE_LIST_DIRECTORY = FILE_READ_DATA, ...), so they appear as aliases.
/// </summary>
[Flags]
public enum AccessMask : uint
{
    None = 0,

    // MS-SMB2 2.2.13.1.1 File_Pipe_Printer_Access_Mask (the object-specific low 16 bits).
    FileReadData = 0x00000001,
    FileWriteData = 0x00000002,
    FileAppendData = 0x00000004,
    FileReadEa = 0x00000008,
    FileWriteEa = 0x00000010,
    FileExecute = 0x00000020,
    FileDeleteChild = 0x00000040,
    FileReadAttributes = 0x00000080,
    FileWriteAttributes = 0x00000100,

    // MS-SMB2 2.2.13.1.2 Directory_Access_Mask: same bits, directory meaning.
    FileListDirectory = FileReadData,
    FileAddFile = FileWriteData,
    FileAddSubdirectory = FileAppendData,
    FileTraverse = FileExecute,

    // MS-DTYP 2.4.3 standard rights.
    Delete = 0x00010000,
    ReadControl = 0x00020000,
    WriteDac = 0x00040000,
    WriteOwner = 0x00080000,
    Synchronize = 0x00100000,
    StandardRightsRequired = Delete | ReadControl | WriteDac | WriteOwner,

    AccessSystemSecurity = 0x01000000,
    MaximumAllowed = 0x02000000,

    // MS-DTYP 2.4.3 generic rights (mapped by FileGenericMapping before any check).
    GenericAll = 0x10000000,
    GenericExecute = 0x20000000,
    GenericWrite = 0x40000000,
    GenericRead = 0x80000000,

    // The file generic mapping (FILE_GENERIC_READ/WRITE/EXECUTE, FILE_ALL_ACCESS), what each generic right means for a file.
    FileGenericRead = ReadControl | FileReadData | FileReadAttributes | FileReadEa | Synchronize,
    FileGenericWrite = ReadControl | FileWriteData | FileWriteAttributes | FileWriteEa | FileAppendData | Synchronize,
    FileGenericExecute = ReadControl | FileReadAttributes | FileExecute | Synchronize,
    FileAllAccess = StandardRightsRequired | Synchronize | 0x1FF,
}
