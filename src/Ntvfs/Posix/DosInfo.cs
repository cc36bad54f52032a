namespace Ntvfs.Posix;

/// <summary>
/// The DOS view of a file: its FileAttributes (MS-FSCC 2.6) and creation time (FILETIME).
/// <see cref="Stored"/> says whether they came from our extended attribute or were derived.
/// </summary>
public readonly record struct DosInfo(FileAttributes Attributes, long CreationTime, bool Stored);
