namespace Ntvfs.Posix;

/// <summary>Identity of a directory: (st_dev, st_ino).</summary>
public readonly record struct DirectoryKey(ulong Device, ulong Inode);
