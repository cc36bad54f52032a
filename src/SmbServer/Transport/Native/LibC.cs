using System.Runtime.InteropServices;

namespace SmbServer.Transport.Native;

/// <summary>
/// The socket calls the transport makes on a non-blocking TCP socket (Linux): recv(2) and
/// sendmsg(2). Raw calls: -1 on failure with errno in <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static unsafe partial class LibC
{
    private const string LibName = "libc";

    // <sys/socket.h>
    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_NOSIGNAL = 0x4000;

    // <errno.h>
    public const int EINTR = 4;
    public const int EAGAIN = 11;

    /// <summary>Most iovecs one sendmsg takes (IOV_MAX is 1024; a batch is rarely more than a few).</summary>
    public const int MaxIov = 64;

    [LibraryImport(LibName, SetLastError = true)]
    public static partial nint recv(int sockfd, byte* buf, nuint len, int flags);

    [LibraryImport(LibName, SetLastError = true)]
    public static partial nint sendmsg(int sockfd, MsgHdr* msg, int flags);

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (LP64 layout: natural alignment puts 4 padding bytes after msg_namelen).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
