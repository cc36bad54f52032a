using Protocol;
using Protocol.Dcerpc;
using TEvent;

namespace Ntvfs.Ipc;

/// <summary>
/// An open of a named pipe on IPC$: the client end of one pipe instance whose server end is a <see cref="DcerpcPipe"/>
/// (one DCE/RPC association). The pipe is message-type and full duplex, as the RPC runtime creates its pipes: every
/// answered PDU is one message. Touched only on the loop of the connection that opened it.
/// <para>
/// Reads take messages in order. A message the read cannot hold is returned in part with STATUS_BUFFER_OVERFLOW and
/// the rest stays for the next read (message read mode, the default). Reads that find the pipe empty wait, in arrival
/// order, until a write on this open produces an answer; they can be cancelled, and fail with STATUS_PIPE_BROKEN when
/// the open is closed under them.
/// </para>
/// </summary>
public sealed class IpcPipeHandle : NtvfsHandle
{
    // The pipe quotas FilePipeLocalInformation reports: the fragment size Windows and Samba use over named pipes.
    private const uint InboundQuota = 4280;

    private readonly DcerpcPipe _pipe;
    private readonly int _maxPendingOutput;
    private readonly LinkedList<IpcPendingRead> _waiting = new();

    // Messages a peek moved out of the DcerpcPipe so it could look at them; reads take these before the pipe's own.
    // DcerpcPipe has no read that leaves data in place, and FSCTL_PIPE_PEEK must not consume.
    private readonly Queue<byte[]> _peeked = new();
    private int _peekedOffset;
    private int _peekedBytes;

    internal IpcPipeHandle(NtvfsTree tree, string path, uint grantedAccess, DcerpcPipe pipe, int maxPendingOutput)
        : base(tree, path, isDirectory: false, grantedAccess)
    {
        _pipe = pipe;
        _maxPendingOutput = maxPendingOutput;
    }

    /// <summary>The registered name of the pipe ("srvsvc"), whatever spelling the client opened it with.</summary>
    public string PipeName => _pipe.PipeName;

    /// <summary>The server end: the DCE/RPC association of this instance. Fed only through the backend, so that waiting reads see every answer.</summary>
    internal DcerpcPipe Pipe => _pipe;

    /// <summary>FILE_PIPE_INFORMATION ReadMode; message mode unless the client set byte-stream mode.</summary>
    public PipeReadMode ReadMode { get; internal set; } = PipeReadMode.Message;

    /// <summary>FILE_PIPE_INFORMATION CompletionMode; blocking (queue) unless the client set non-blocking mode.</summary>
    public PipeCompletionMode CompletionMode { get; internal set; } = PipeCompletionMode.Queue;

    /// <summary>The server end lost the DCE/RPC framing: no more input; what it answered can still be read.</summary>
    public bool IsBroken => _pipe.IsBroken;

    /// <summary>Bytes of answers waiting to be read.</summary>
    public int ReadDataAvailable => _peekedBytes + _pipe.PendingOutputLength;

    /// <summary>Reads (and transceives) waiting for data.</summary>
    public int WaitingReads => _waiting.Count;

    private int NextMessageLength => _peeked.Count > 0 ? _peeked.Peek().Length - _peekedOffset : _pipe.NextMessageLength;

    /// <summary>
    /// Feeds the server end, then hands any answer to the reads waiting for one (their callbacks run from here).
    /// STATUS_PIPE_DISCONNECTED once the pipe is broken; STATUS_INSUFFICIENT_RESOURCES while too many answers wait
    /// unread.
    /// </summary>
    internal NtStatus Write(ReadOnlySpan<byte> data)
    {
        NtStatus status = WriteToServer(data);
        ServeWaitingReads();
        return status;
    }

    /// <summary>A READ: answers at once when data waits (or the pipe is broken or non-blocking), else waits.</summary>
    /// <remarks>The data goes into <paramref name="destination"/>, the caller's (see <see cref="NtvfsReadArgs"/>).</remarks>
    internal TeventReq ReadSend(EventContext ev, Memory<byte> destination)
    {
        // Reads are served in arrival order: while others wait, this one queues behind them.
        if (_waiting.Count == 0)
        {
            if (ReadDataAvailable > 0)
            {
                NtStatus status = Take(destination.Span, ReadMode, out int count);
                return NtvfsOp.Post(ev, status, new NtvfsReadResult(count));
            }
            if (IsBroken) return NtvfsOp.Post<NtvfsReadResult>(ev, NtStatus.PipeDisconnected);
        }
        // MS-FSCC FilePipeInformation: FILE_PIPE_COMPLETE_OPERATION makes a read on an empty pipe return at once.
        if (CompletionMode == PipeCompletionMode.Complete) return NtvfsOp.Post<NtvfsReadResult>(ev, NtStatus.PipeEmpty);
        return Wait(ev, IpcPendingRead.ForRead(destination));
    }

    /// <summary>
    /// FSCTL_PIPE_TRANSCEIVE (MS-SMB2 3.3.5.15.3): writes <paramref name="input"/> as one message, then reads the answer
    /// as a READ would, waiting for it when the input completed no request. As the Windows pipe file system does, it
    /// needs message read mode (else STATUS_INVALID_PIPE_STATE) and an empty read side: with data unread or reads
    /// waiting, which answer would be whose is ambiguous, so it fails with STATUS_PIPE_BUSY before writing anything.
    /// </summary>
    internal TeventReq TransceiveSend(EventContext ev, ReadOnlySpan<byte> input, int maxOutput)
    {
        if (IsBroken) return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.PipeDisconnected);
        if (ReadMode != PipeReadMode.Message) return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.InvalidPipeState);
        if (_waiting.Count > 0 || ReadDataAvailable > 0) return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.PipeBusy);

        NtStatus written = WriteToServer(input);
        if (written.IsError) return NtvfsOp.Post<NtvfsInfoResult>(ev, written);
        if (ReadDataAvailable > 0)
        {
            NtStatus status = TakeMessage(maxOutput, out byte[] buffer, out int count);
            return NtvfsOp.Post(ev, status, new NtvfsInfoResult(buffer, count));
        }
        if (IsBroken) return NtvfsOp.Post<NtvfsInfoResult>(ev, NtStatus.PipeDisconnected);
        return Wait(ev, IpcPendingRead.ForTransceive(maxOutput));
    }

    /// <summary>
    /// FSCTL_PIPE_PEEK (MS-SMB2 3.3.5.15.4, MS-FSCC 2.3.46): the pipe state and what waits, then as much of the first
    /// message as fits, without consuming anything and without ever waiting. STATUS_BUFFER_OVERFLOW when data waits
    /// that did not fit. STATUS_INVALID_PARAMETER when <paramref name="maxOutput"/> cannot hold the fixed part, as the
    /// Windows pipe file system answers.
    /// </summary>
    internal NtStatus Peek(int maxOutput, out byte[] buffer, out int length)
    {
        buffer = [];
        length = 0;
        if (maxOutput < FsctlPipePeekReply.HeaderSize) return NtStatus.InvalidParameter;
        if (IsBroken && ReadDataAvailable == 0) return NtStatus.PipeDisconnected;

        // Move every answer into _peeked: its messages can then be looked at in place and counted.
        while (_pipe.NextMessageLength > 0)
        {
            var message = new byte[_pipe.NextMessageLength];
            _pipe.Read(message, out _);
            _peeked.Enqueue(message);
            _peekedBytes += message.Length;
        }

        int first = NextMessageLength;
        int copy = Math.Min(first, maxOutput - FsctlPipePeekReply.HeaderSize);
        buffer = new byte[FsctlPipePeekReply.HeaderSize + copy];
        new FsctlPipePeekReply(
            IsBroken ? FilePipeLocalInformation.FilePipeClosingState : FilePipeLocalInformation.FilePipeConnectedState,
            (uint)_peekedBytes, (uint)_peeked.Count, (uint)first).WriteHeader(buffer);
        if (copy > 0) _peeked.Peek().AsSpan(_peekedOffset, copy).CopyTo(buffer.AsSpan(FsctlPipePeekReply.HeaderSize));
        length = buffer.Length;
        return copy < first ? NtStatus.BufferOverflow : NtStatus.Success;
    }

    /// <summary>FILE_PIPE_LOCAL_INFORMATION of this end; quotas are the largest fragment a bind can negotiate.</summary>
    internal FilePipeLocalInformation LocalInformation(uint currentInstances) => new(
        FilePipeLocalInformation.FilePipeMessageType,
        FilePipeLocalInformation.FilePipeFullDuplex,
        FilePipeLocalInformation.UnlimitedInstances,
        currentInstances,
        InboundQuota,
        (uint)ReadDataAvailable,
        InboundQuota,
        InboundQuota,
        IsBroken ? FilePipeLocalInformation.FilePipeClosingState : FilePipeLocalInformation.FilePipeConnectedState,
        FilePipeLocalInformation.FilePipeClientEnd);

    /// <summary>
    /// The open is closing: reads still waiting end with STATUS_PIPE_BROKEN, as Samba ends a pipe read cancelled by
    /// the close of its open. Their callbacks run from here. Unread answers are dropped.
    /// </summary>
    internal void Shutdown()
    {
        while (_waiting.First is { } node)
        {
            _waiting.RemoveFirst();
            node.Value.Node = null;
            node.Value.Fail(NtStatus.PipeBroken);
        }
        _peeked.Clear();
        _peekedBytes = 0;
        _peekedOffset = 0;
    }

    private NtStatus WriteToServer(ReadOnlySpan<byte> data)
    {
        if (IsBroken) return NtStatus.PipeDisconnected;
        // DcerpcPipe bounds its own unread output; answers moved out by a peek count too.
        if (_peekedBytes > 0 && ReadDataAvailable > _maxPendingOutput) return NtStatus.InsufficientResources;
        NtStatus status = _pipe.Write(data);
        // Input that loses the DCE/RPC framing breaks the association without an answer. To the client the write
        // itself went through, as a write into a pipe whose server then hangs up does (Samba's RPC server drops the
        // connection); what follows on this open sees STATUS_PIPE_DISCONNECTED.
        if (status == NtStatus.RpcProtocolError) return NtStatus.Success;
        return status;
    }

    private TeventReq Wait(EventContext ev, IpcPendingRead read)
    {
        TeventReq req = read.IsTransceive
            ? NtvfsOp.Create(ev, out NtvfsOp.State<NtvfsInfoResult> _, "ipc transceive")
            : NtvfsOp.Create(ev, out NtvfsOp.State<NtvfsReadResult> _, "ipc read");
        read.Req = req;
        read.Node = _waiting.AddLast(read);
        req.SetCancelFn(_ => Cancel(read));
        return req;
    }

    // SMB2 CANCEL of a waiting read: it leaves the queue and ends with STATUS_CANCELLED.
    private bool Cancel(IpcPendingRead read)
    {
        if (read.Node is null) return false;
        _waiting.Remove(read.Node);
        read.Node = null;
        read.Fail(NtStatus.Cancelled);
        return true;
    }

    private void ServeWaitingReads()
    {
        // A completed read's callback may call back into this open (read again, write, close): take each waiter off
        // the list before completing it, and look at the state afresh every round.
        while (_waiting.First is { } node && (ReadDataAvailable > 0 || IsBroken))
        {
            _waiting.RemoveFirst();
            IpcPendingRead read = node.Value;
            read.Node = null;
            if (ReadDataAvailable == 0)
            {
                read.Fail(NtStatus.PipeDisconnected);
                continue;
            }
            if (read.IsTransceive)
            {
                NtStatus status = TakeMessage(read.MaxOutput, out byte[] buffer, out int count);
                read.CompleteTransceive(status, buffer, count);
            }
            else
            {
                NtStatus status = Take(read.Destination.Span, ReadMode, out int count);
                read.CompleteRead(status, count);
            }
        }
    }

    /// <summary>
    /// Reads waiting data into <paramref name="destination"/> (the caller checked some waits). Message mode: at most
    /// the rest of one message, STATUS_BUFFER_OVERFLOW when part of it stays behind. Byte-stream mode: across messages,
    /// never an overflow.
    /// </summary>
    private NtStatus Take(Span<byte> destination, PipeReadMode mode, out int count)
    {
        int size = Math.Min(destination.Length, mode == PipeReadMode.Message ? NextMessageLength : ReadDataAvailable);
        destination = destination.Slice(0, size);
        if (mode == PipeReadMode.Message)
        {
            count = ReadMessage(destination, out int remaining);
            return remaining > 0 ? NtStatus.BufferOverflow : NtStatus.Success;
        }
        count = 0;
        while (count < size)
        {
            int n = ReadMessage(destination.Slice(count), out _);
            if (n == 0) break;
            count += n;
        }
        return NtStatus.Success;
    }

    /// <summary>As <see cref="Take"/> in message mode, into a new buffer of at most <paramref name="maxOutput"/> bytes (a transceive's output).</summary>
    private NtStatus TakeMessage(int maxOutput, out byte[] buffer, out int count)
    {
        int size = Math.Min(maxOutput, NextMessageLength);
        buffer = size <= 0 ? [] : new byte[size];
        return Take(buffer, PipeReadMode.Message, out count);
    }

    private int ReadMessage(Span<byte> destination, out int remaining)
    {
        if (_peeked.Count == 0) return _pipe.Read(destination, out remaining);
        byte[] head = _peeked.Peek();
        int count = Math.Min(head.Length - _peekedOffset, destination.Length);
        head.AsSpan(_peekedOffset, count).CopyTo(destination);
        _peekedOffset += count;
        _peekedBytes -= count;
        remaining = head.Length - _peekedOffset;
        if (remaining == 0)
        {
            _peeked.Dequeue();
            _peekedOffset = 0;
        }
        return count;
    }
}
