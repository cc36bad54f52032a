using Protocol;
using TEvent;

namespace Ntvfs.Ipc;

/// <summary>
/// A READ or FSCTL_PIPE_TRANSCEIVE that found its pipe empty and waits, in arrival order, for the answer a later write
/// produces (MS-CIFS 3.3.5.57.9: a blocking read on an empty pipe waits until data arrives or it is cancelled).
/// </summary>
internal sealed class IpcPendingRead
{
    private IpcPendingRead(bool isTransceive, Memory<byte> destination, int maxOutput)
    {
        IsTransceive = isTransceive;
        Destination = destination;
        MaxOutput = maxOutput;
    }

    /// <summary>A READ: the data goes into the caller's <paramref name="destination"/> (<see cref="NtvfsReadArgs.Buffer"/>).</summary>
    public static IpcPendingRead ForRead(Memory<byte> destination) => new(false, destination, 0);

    /// <summary>A transceive: the output is a new buffer of at most <paramref name="maxOutput"/> bytes.</summary>
    public static IpcPendingRead ForTransceive(int maxOutput) => new(true, default, maxOutput);

    /// <summary>The request it completes; set when it starts waiting.</summary>
    public TeventReq Req { get; set; } = null!;

    /// <summary>Completes with <see cref="NtvfsInfoResult"/> (ioctl output) instead of <see cref="NtvfsReadResult"/>.</summary>
    public bool IsTransceive { get; }

    /// <summary>A READ's destination; written only when the read is served, on the loop, before it completes.</summary>
    public Memory<byte> Destination { get; }

    /// <summary>A transceive's MaxOutputResponse.</summary>
    public int MaxOutput { get; }

    /// <summary>Its place in the handle's wait list; null once it left it (served, cancelled or failed).</summary>
    public LinkedListNode<IpcPendingRead>? Node { get; set; }

    public void CompleteRead(NtStatus status, int count) => NtvfsOp.Complete(Req, status, new NtvfsReadResult(count));

    public void CompleteTransceive(NtStatus status, byte[] buffer, int count) => NtvfsOp.Complete(Req, status, new NtvfsInfoResult(buffer, count));

    public void Fail(NtStatus status)
    {
        if (IsTransceive) NtvfsOp.Complete(Req, status, default(NtvfsInfoResult));
        else NtvfsOp.Complete(Req, status, default(NtvfsReadResult));
    }
}
