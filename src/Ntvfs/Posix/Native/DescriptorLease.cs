namespace Ntvfs.Posix.Native;

/// <summary>
/// Keeps a descriptor open for the length of a thread job that makes several system calls on it
/// (a directory listing, a large read or write). A CLOSE on the loop may dispose the handle
/// meanwhile; with the lease held, close(2) waits for the lease's end, so the job finishes its
/// work instead of failing half-way (smbtorture smb2.compound_find.compound_find_close sends a
/// CLOSE right behind a large QUERY_DIRECTORY and expects the listing). A handle disposed before
/// the job started cannot be leased: the operation ends STATUS_FILE_CLOSED.
/// </summary>
internal readonly ref struct DescriptorLease
{
    private readonly SafeFileDescriptor? _fd;

    private DescriptorLease(SafeFileDescriptor fd) => _fd = fd;

    public static bool TryAcquire(SafeFileDescriptor fd, out DescriptorLease lease)
    {
        bool added = false;
        try { fd.DangerousAddRef(ref added); }
        catch (ObjectDisposedException) { added = false; }
        lease = added ? new DescriptorLease(fd) : default;
        return added;
    }

    public void Dispose() => _fd?.DangerousRelease();
}
