using System.Runtime.InteropServices;

namespace Ntvfs.Posix.Native;

/// <summary>
/// Owns one Linux file descriptor and closes it exactly once. Passing it to a <see cref="Libc"/> call
/// holds a reference for the duration of the call, so a concurrent Dispose on another thread (a
/// CLOSE racing a READ thread job) cannot close the descriptor under the call and let the number be
/// reused for an unrelated file.
/// </summary>
public sealed class SafeFileDescriptor : SafeHandle
{
    /// <summary>AT_FDCWD: "relative to the current directory" for the *at() calls. Never closed.</summary>
    public static readonly SafeFileDescriptor CurrentDirectory = new(Libc.AT_FDCWD, ownsHandle: false);

    /// <summary>Used by the source-generated marshaller for calls that return a descriptor.</summary>
    public SafeFileDescriptor() : base(new IntPtr(-1), ownsHandle: true) { }

    public SafeFileDescriptor(int fd, bool ownsHandle) : base(new IntPtr(-1), ownsHandle)
        => SetHandle(new IntPtr(fd));

    // A returned descriptor arrives as the 64-bit register holding C's 32-bit int: only the low
    // 32 bits are meaningful (the upper half of rax is not sign-extended for an int return).
    public override bool IsInvalid => Number == -1;

    /// <summary>The descriptor number, for logs and for building /proc/self/fd paths.</summary>
    public int Number => unchecked((int)handle.ToInt64());

    protected override bool ReleaseHandle() => Libc.close(Number) == 0;

    public override string ToString() => $"fd {Number}";
}
