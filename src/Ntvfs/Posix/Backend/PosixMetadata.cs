using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Fscc;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// Builds the NT view of a file (<see cref="FileMetadata"/>, the input of every MS-FSCC encoder)
/// from statx and the DOS attribute record. Blocking: thread jobs only.
/// </summary>
internal static class PosixMetadata
{
    /// <summary>statx and DOS attributes of an open descriptor; <paramref name="name"/> is its on-disk last component.</summary>
    public static NtStatus Load(PosixShare share, SafeFileDescriptor fd, string name, bool deletePending,
        out FileStatus status, out DosInfo dos, out FileMetadata metadata)
    {
        metadata = default;
        dos = default;
        NtStatus s = FileStatus.Get(fd, out status);
        if (s.IsError)
            return s;
        s = share.Dos.Load(fd, status, name, out dos);
        if (s.IsError)
            return s;
        metadata = Build(status, dos, deletePending);
        return NtStatus.Success;
    }

    public static FileMetadata Build(in FileStatus st, in DosInfo dos, bool deletePending) => new()
    {
        CreationTime = dos.CreationTime,
        LastAccessTime = st.LastAccessFileTime,
        LastWriteTime = st.LastWriteFileTime,
        ChangeTime = st.ChangeFileTime,
        // MS-FSCC 2.4.8: a directory reports EndOfFile and AllocationSize 0.
        EndOfFile = st.IsDirectory ? 0 : st.Size,
        AllocationSize = st.IsDirectory ? 0 : st.AllocationSize,
        FileAttributes = ToFscc(dos.Attributes),
        IndexNumber = st.FileId.IndexNumber,
        NumberOfLinks = st.LinkCount,
        DeletePending = deletePending,
        IsDirectory = st.IsDirectory,
    };

    /// <summary>The building blocks keep MS-FSCC attribute values in System.IO.FileAttributes (same numbers).</summary>
    public static FileAttributes ToFscc(System.IO.FileAttributes a) => (FileAttributes)(uint)a;

    public static System.IO.FileAttributes ToIo(FileAttributes a) => (System.IO.FileAttributes)(int)(uint)a;

    /// <summary>The DOS attribute record's view of READONLY.</summary>
    public static bool IsReadOnly(in DosInfo dos) => (dos.Attributes & System.IO.FileAttributes.ReadOnly) != 0;
}
