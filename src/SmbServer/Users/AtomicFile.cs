using System.Runtime.InteropServices;

namespace SmbServer.Users;

/// <summary>
/// Replaces a file so that readers see the old content or the new, never a mix, and a crash
/// leaves one of them: write a temporary file next to it (mode 0600), fsync it, rename it over
/// the target, then fsync the directory so the rename itself is durable.
/// </summary>
internal static partial class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var fullPath = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(fullPath) ?? "/";
        var temp = Path.Combine(dir, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        SyncDirectory(dir);
    }

    private static void SyncDirectory(string dir)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        // Best effort: a file system that cannot fsync a directory still got the rename.
        var fd = Open(dir, 0 /* O_RDONLY */);
        if (fd < 0)
            return;
        _ = Fsync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
