namespace Protocol.Fscc;

/// <summary>
/// What a backend knows about one file or directory, in NT terms: the input of every query encoder in this
/// folder. Times are FILETIME values (100 ns intervals since 1601-01-01 UTC), as MS-FSCC 2.1.1 carries them.
/// Names are not part of it: the same file is reported under different names (its path for
/// FileNameInformation, its last component in a directory listing, its 8.3 name for
/// FileAlternateNameInformation), so encoders take the name they need as a parameter.
/// </summary>
public readonly record struct FileMetadata
{
    public long CreationTime { get; init; }
    public long LastAccessTime { get; init; }
    public long LastWriteTime { get; init; }
    public long ChangeTime { get; init; }

    /// <summary>The file size in bytes (0 for directories on most file systems).</summary>
    public long EndOfFile { get; init; }

    /// <summary>Bytes allocated on disk, typically a multiple of the cluster size.</summary>
    public long AllocationSize { get; init; }

    public FileAttributes FileAttributes { get; init; }

    /// <summary>The 64-bit file id (MS-FSCC 2.1.9), e.g. the inode number.</summary>
    public ulong IndexNumber { get; init; }

    public uint NumberOfLinks { get; init; }
    public bool DeletePending { get; init; }
    public bool IsDirectory { get; init; }

    /// <summary>The size of the file's extended attributes as FileEaInformation reports it (0 = none).</summary>
    public uint EaSize { get; init; }

    /// <summary>The reparse tag when FILE_ATTRIBUTE_REPARSE_POINT is set (MS-FSCC 2.1.2.1), else 0.</summary>
    public uint ReparseTag { get; init; }

    /// <summary>
    /// The attributes as queries report them (MS-FSA query and directory query pseudocode): FILE_ATTRIBUTE_DIRECTORY
    /// follows <see cref="IsDirectory"/>, and FILE_ATTRIBUTE_NORMAL appears exactly when nothing else is set.
    /// </summary>
    public FileAttributes EffectiveAttributes
    {
        get
        {
            FileAttributes a = FileAttributes & ~(FileAttributes.Normal | FileAttributes.Directory);
            if (IsDirectory) a |= FileAttributes.Directory;
            return a == FileAttributes.None ? FileAttributes.Normal : a;
        }
    }
}
