namespace Protocol.Fscc;

/// <summary>FILE_DISPOSITION_INFORMATION_EX.Flags (MS-FSCC 2.4).</summary>
[Flags]
public enum FileDispositionFlags : uint
{
    DoNotDelete = 0x00000000,              // FILE_DISPOSITION_DO_NOT_DELETE
    Delete = 0x00000001,                   // FILE_DISPOSITION_DELETE
    PosixSemantics = 0x00000002,           // FILE_DISPOSITION_POSIX_SEMANTICS
    ForceImageSectionCheck = 0x00000004,   // FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK
    OnClose = 0x00000008,                  // FILE_DISPOSITION_ON_CLOSE
    IgnoreReadOnlyAttribute = 0x00000010,  // FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE
}
