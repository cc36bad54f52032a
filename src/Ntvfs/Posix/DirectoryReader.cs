using System.Buffers.Binary;
using System.Text.Unicode;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>
/// Reads a directory through getdents64 on a descriptor opened O_RDONLY|O_DIRECTORY, in batches
/// (one system call fills the buffer with many entries). Not thread-safe: one reader per open.
/// Blocking: call from a thread job when the directory may be large or remote.
/// </summary>
/// <remarks>
/// Names are UTF-8 on disk. An entry whose bytes are not valid UTF-8 (written by a local program
/// in another encoding) has no UTF-16 name that would reach it again, so it is skipped and counted
/// in <see cref="SkippedInvalidNames"/> rather than listed under a lossy name. "." and ".." are
/// returned like any entry; callers decide whether to list them.
/// </remarks>
public sealed class DirectoryReader
{
    // struct linux_dirent64: u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[].
    private const int InoOffset = 0;
    private const int OffOffset = 8;
    private const int ReclenOffset = 16;
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    private readonly SafeFileDescriptor _fd;
    private readonly byte[] _buffer;
    private readonly char[] _nameChars = new char[1024];
    private int _filled;
    private int _position;
    private bool _end;

    /// <param name="directory">Readable directory descriptor; the reader does not own it.</param>
    /// <param name="bufferSize">Bytes per getdents64 call.</param>
    public DirectoryReader(SafeFileDescriptor directory, int bufferSize = 32 * 1024)
    {
        _fd = directory;
        _buffer = new byte[Math.Max(bufferSize, 1024)];
    }

    public int SkippedInvalidNames { get; private set; }

    /// <summary>
    /// The next entry, or <paramref name="endOfDirectory"/> = true when there are no more.
    /// </summary>
    public NtStatus Read(out DirectoryEntry entry, out bool endOfDirectory)
    {
        while (true)
        {
            if (_position >= _filled)
            {
                if (_end)
                {
                    entry = default;
                    endOfDirectory = true;
                    return NtStatus.Success;
                }
                int errno = Fill();
                if (errno != 0)
                {
                    entry = default;
                    endOfDirectory = false;
                    return ErrnoMapping.ToNtStatus(errno);
                }
                continue;
            }

            ReadOnlySpan<byte> record = _buffer.AsSpan(_position, _filled - _position);
            if (record.Length < NameOffset + 1)
                return Corrupt(out entry, out endOfDirectory);
            int reclen = BinaryPrimitives.ReadUInt16LittleEndian(record[ReclenOffset..]);
            if (reclen < NameOffset + 1 || reclen > record.Length)
                return Corrupt(out entry, out endOfDirectory);
            _position += reclen;

            ReadOnlySpan<byte> nameBytes = record[NameOffset..reclen];
            int nul = nameBytes.IndexOf((byte)0);
            if (nul >= 0) nameBytes = nameBytes[..nul];
            if (Utf8.ToUtf16(nameBytes, _nameChars, out _, out int written, replaceInvalidSequences: false)
                != System.Buffers.OperationStatus.Done)
            {
                SkippedInvalidNames++;
                continue;
            }

            entry = new DirectoryEntry(
                new string(_nameChars, 0, written),
                BinaryPrimitives.ReadUInt64LittleEndian(record[InoOffset..]),
                record[TypeOffset],
                BinaryPrimitives.ReadInt64LittleEndian(record[OffOffset..]));
            endOfDirectory = false;
            return NtStatus.Success;
        }
    }

    /// <summary>Starts again from the first entry (SMB2_RESTART_SCANS, SMB2_REOPEN).</summary>
    public NtStatus Rewind() => Seek(0);

    /// <summary>Continues after the entry whose <see cref="DirectoryEntry.NextOffset"/> is given.</summary>
    public NtStatus Seek(long offset)
    {
        _filled = _position = 0;
        _end = false;
        return Libc.lseek(_fd, offset, Libc.SEEK_SET) < 0
            ? ErrnoMapping.ToNtStatus(Libc.LastErrno)
            : NtStatus.Success;
    }

    /// <summary>Reads every entry except "." and "..", for callers that want the whole list.</summary>
    public NtStatus ReadAll(List<DirectoryEntry> into)
    {
        while (true)
        {
            NtStatus status = Read(out DirectoryEntry e, out bool end);
            if (status.IsError) return status;
            if (end) return NtStatus.Success;
            if (e.Name is not "." and not "..")
                into.Add(e);
        }
    }

    private unsafe int Fill()
    {
        _position = 0;
        _filled = 0;
        nint n;
        fixed (byte* p = _buffer)
        {
            do
            {
                n = Libc.getdents64(_fd, p, (nuint)_buffer.Length);
            } while (n < 0 && Libc.LastErrno == Errno.EINTR);
        }
        if (n < 0)
            return Libc.LastErrno;
        if (n == 0)
            _end = true;
        _filled = (int)n;
        return 0;
    }

    private NtStatus Corrupt(out DirectoryEntry entry, out bool endOfDirectory)
    {
        // Only a kernel bug could produce this; stop rather than read past a record.
        _position = _filled;
        _end = true;
        entry = default;
        endOfDirectory = false;
        return NtStatus.UnexpectedIoError;
    }
}
