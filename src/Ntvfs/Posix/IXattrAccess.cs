using Ntvfs.Posix.Native;

namespace Ntvfs.Posix;

/// <summary>Access to extended attributes of an open file; errno results (0 = success).</summary>
internal interface IXattrAccess
{
    /// <summary>Reads a value; ERANGE if <paramref name="value"/> is too small, ENODATA if absent.</summary>
    int Get(SafeFileDescriptor fd, string name, Span<byte> value, out int length);

    int Set(SafeFileDescriptor fd, string name, ReadOnlySpan<byte> value, int flags);

    int Remove(SafeFileDescriptor fd, string name);
}
