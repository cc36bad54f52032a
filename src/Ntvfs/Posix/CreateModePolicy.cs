using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>
/// The smb.conf options that decide the Unix mode of files and directories the server creates:
/// `create mask`, `force create mode`, `directory mask`, `force directory mode`.
/// Mode = (requested AND mask) OR force, as in Samba. Defaults are Samba's: 0744 and 0755, no force.
/// </summary>
/// <remarks>
/// The kernel applies the process umask to the mode passed to open/mkdir, and a default ACL on the
/// parent replaces the umask. The host sets umask 0 at startup (as smbd does) so that the masks
/// alone decide; where that cannot be assumed (or a default ACL narrows the mode),
/// <see cref="ApplyExact"/> corrects the mode of the new object with one fchmod.
/// </remarks>
public sealed record CreateModePolicy
{
    /// <summary>What a file is created with before masking: rw for everyone (Samba's base for files).</summary>
    public const uint DefaultFileRequest = 0b110_110_110;       // 0666
    /// <summary>What a directory is created with before masking: rwx for everyone.</summary>
    public const uint DefaultDirectoryRequest = 0b111_111_111;  // 0777

    public uint CreateMask { get; init; } = 0b111_100_100;      // 0744
    public uint ForceCreateMode { get; init; }
    public uint DirectoryMask { get; init; } = 0b111_101_101;   // 0755
    public uint ForceDirectoryMode { get; init; }

    /// <summary>Mode for a new file.</summary>
    public uint FileMode(uint requested = DefaultFileRequest)
        => ((requested & CreateMask) | ForceCreateMode) & Libc.S_IALLUGO;

    /// <summary>Mode for a new directory.</summary>
    public uint DirectoryMode(uint requested = DefaultDirectoryRequest)
        => ((requested & DirectoryMask) | ForceDirectoryMode) & Libc.S_IALLUGO;

    /// <summary>Parses an smb.conf octal mode ("0744", "744"); false for anything else.</summary>
    public static bool TryParseOctal(string text, out uint mode)
    {
        mode = 0;
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.IsEmpty || s.Length > 5)
            return false;
        foreach (char c in s)
        {
            if (c is < '0' or > '7')
                return false;
            mode = mode * 8 + (uint)(c - '0');
        }
        return mode <= Libc.S_IALLUGO;
    }

    /// <summary>Sets exactly <paramref name="mode"/> on a new object if statx shows otherwise (umask, default ACL).</summary>
    public static NtStatus ApplyExact(SafeFileDescriptor fd, in FileStatus current, uint mode)
    {
        if (current.Permissions == (mode & Libc.S_IALLUGO) || current.IsSymbolicLink)
            return NtStatus.Success;
        int r = Libc.fchmod(fd, mode & Libc.S_IALLUGO);
        if (r != 0 && Libc.LastErrno == Errno.EBADF)
        {
            using var proc = new ProcFdPath(fd);
            r = Libc.fchmodat(SafeFileDescriptor.CurrentDirectory, proc.Path, mode & Libc.S_IALLUGO, 0);
        }
        return r == 0 ? NtStatus.Success : ErrnoMapping.ToNtStatus(Libc.LastErrno);
    }
}
