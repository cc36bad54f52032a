namespace Protocol.Fscc;

/// <summary>FILE_FS_ATTRIBUTE_INFORMATION.FileSystemAttributes (MS-FSCC 2.5.1).</summary>
[Flags]
public enum FileSystemAttributes : uint
{
    None = 0,
    CaseSensitiveSearch = 0x00000001,        // FILE_CASE_SENSITIVE_SEARCH
    CasePreservedNames = 0x00000002,         // FILE_CASE_PRESERVED_NAMES
    UnicodeOnDisk = 0x00000004,              // FILE_UNICODE_ON_DISK
    PersistentAcls = 0x00000008,             // FILE_PERSISTENT_ACLS
    FileCompression = 0x00000010,            // FILE_FILE_COMPRESSION
    VolumeQuotas = 0x00000020,               // FILE_VOLUME_QUOTAS
    SupportsSparseFiles = 0x00000040,        // FILE_SUPPORTS_SPARSE_FILES
    SupportsReparsePoints = 0x00000080,      // FILE_SUPPORTS_REPARSE_POINTS
    SupportsRemoteStorage = 0x00000100,      // FILE_SUPPORTS_REMOTE_STORAGE
    ReturnsCleanupResultInfo = 0x00000200,   // FILE_RETURNS_CLEANUP_RESULT_INFO
    SupportsPosixUnlinkRename = 0x00000400,  // FILE_SUPPORTS_POSIX_UNLINK_RENAME
    VolumeIsCompressed = 0x00008000,         // FILE_VOLUME_IS_COMPRESSED
    SupportsObjectIds = 0x00010000,          // FILE_SUPPORTS_OBJECT_IDS
    SupportsEncryption = 0x00020000,         // FILE_SUPPORTS_ENCRYPTION
    NamedStreams = 0x00040000,               // FILE_NAMED_STREAMS
    ReadOnlyVolume = 0x00080000,             // FILE_READ_ONLY_VOLUME
    SequentialWriteOnce = 0x00100000,        // FILE_SEQUENTIAL_WRITE_ONCE
    SupportsTransactions = 0x00200000,       // FILE_SUPPORTS_TRANSACTIONS
    SupportsHardLinks = 0x00400000,          // FILE_SUPPORTS_HARD_LINKS
    SupportsExtendedAttributes = 0x00800000, // FILE_SUPPORTS_EXTENDED_ATTRIBUTES
    SupportsOpenByFileId = 0x01000000,       // FILE_SUPPORTS_OPEN_BY_FILE_ID
    SupportsUsnJournal = 0x02000000,         // FILE_SUPPORTS_USN_JOURNAL
    SupportsIntegrityStreams = 0x04000000,   // FILE_SUPPORTS_INTEGRITY_STREAMS
    SupportsBlockRefcounting = 0x08000000,   // FILE_SUPPORTS_BLOCK_REFCOUNTING
    SupportsSparseVdl = 0x10000000,          // FILE_SUPPORTS_SPARSE_VDL
    DaxVolume = 0x20000000,                  // FILE_DAX_VOLUME
    SupportsGhosting = 0x40000000,           // FILE_SUPPORTS_GHOSTING
}
