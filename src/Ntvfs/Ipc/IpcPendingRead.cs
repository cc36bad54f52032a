using Protocol;
using TEvent;

namespace Ntvfs.Ipc;

/// <summary>
/// A READ or FSCTL_PIPE_TRANSCEIVE that found its pipe empty and waits, in arrival order, for the answer a later write
/// produces (MS-CIFS 3.3.5.57.9: a blocking read on an empty pipe waits until data arrives or it is cancelled).
/// </summary>
internal sealed class IpcPendingRead(TeventReq req, int length, bool isTransceive)
{
    public TeventReq Req { get; } = req;

    /// <summary>The read Length, or the ioctl MaxOutputResponse.</summary>
    public int Length { get; } = length;

    /// <summary>Completes with <see cref="NtvfsInfoResult"/> (ioctl output) instead of <see cref="NtvfsReadResult"/>.</summary>
    public bool IsTransceive { get; } = isTransceive;

    /// <summary>Its place in the handle's wait list; null once it left it (served, cancelled or failed).</summary>
    public LinkedListNode<IpcPendingRead>? Node { get; set; }

    public void Complete(NtStatus status, byte[] buffer, int count)
    {
        if (IsTransceive) NtvfsOp.Complete(Req, status, new NtvfsInfoResult(buffer, count));
        else NtvfsOp.Complete(Req, status, new NtvfsReadResult(buffer, count));
    }

    public void Fail(NtStatus status)
    {
        if (IsTransceive) NtvfsOp.Complete(Req, status, default(NtvfsInfoResult));
        else NtvfsOp.Complete(Req, status, default(NtvfsReadResult));
    }
}
