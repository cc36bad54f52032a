using System.Buffers.Binary;
using Protocol;

namespace Ntvfs.Ipc;

/// <summary>
/// FSCTL_PIPE_WAIT Request (MS-FSCC 2.3, FSCTL_PIPE_WAIT Request): which pipe the client waits for, and how long.
/// <code>
///  0         8            12                 13        14
///  | Timeout | NameLength | TimeoutSpecified | Padding | Name (NameLength bytes, UTF-16LE) ...
/// </code>
/// Name carries no "\pipe\" prefix: "srvsvc" for \\server\pipe\srvsvc.
/// </summary>
public readonly record struct FsctlPipeWaitRequest(long Timeout, bool TimeoutSpecified, string Name)
{
    public const int FixedSize = 14;

    /// <summary>INVALID_PARAMETER when the buffer is shorter than the fixed part, or NameLength is odd or runs past it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out FsctlPipeWaitRequest request, out NtStatus error)
    {
        request = default;
        error = NtStatus.InvalidParameter;
        if (buffer.Length < FixedSize) return false;
        uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(buffer[8..]);
        if (nameLength > (uint)(buffer.Length - FixedSize) || nameLength % 2 != 0) return false;

        long timeout = BinaryPrimitives.ReadInt64LittleEndian(buffer);
        bool timeoutSpecified = buffer[12] != 0;
        ReadOnlySpan<byte> nameBytes = buffer.Slice(FixedSize, (int)nameLength);
        var name = new char[nameBytes.Length / 2];
        for (int i = 0; i < name.Length; i++) name[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(nameBytes[(2 * i)..]);
        request = new FsctlPipeWaitRequest(timeout, timeoutSpecified, new string(name));
        error = NtStatus.Success;
        return true;
    }
}
