namespace Ntvfs.Posix;

/// <summary>
/// One entry of a directory as getdents64 returns it. <see cref="Type"/> is a Libc.DT_* value and
/// may be DT_UNKNOWN on file systems that do not store it (then stat the name).
/// <see cref="NextOffset"/> is the d_off cookie: lseek to it to continue after this entry.
/// </summary>
public readonly record struct DirectoryEntry(string Name, ulong Inode, byte Type, long NextOffset);
