using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using SmbServer.Transport.Native;
using TEvent;

namespace SmbServer.Transport;

/// <summary>
/// One TCP connection's I/O, done entirely on the connection's loop: the socket is non-blocking and
/// registered as an fd event (<see cref="EventContext.AddFd"/>), so a received frame reaches
/// <see cref="OnFrame"/> with no thread hop, no queue and no allocation but its pooled buffer.
///
/// Receiving: on readable, recv(2) into a pooled 64 KiB buffer (held only while it holds a partial
/// frame), slice whole direct-TCP frames (MS-SMB2 2.1) and hand each to <see cref="OnFrame"/> in a
/// pooled buffer of its own. A frame of 16 KiB or more that has not fully arrived (a WRITE's data)
/// is read straight into a buffer of its size instead, so it is copied once. At most
/// <see cref="MaxFramesPerEvent"/> frames per readable event: the rest wait for an immediate, so one
/// busy client cannot starve the loop's other connections.
///
/// Sending: <see cref="Send"/> queues a finished frame and schedules one flush for the round, which
/// writes everything queued with one sendmsg(2) (gather), so responses finished together share a
/// system call. What the socket does not take waits for write readiness. While more than
/// <see cref="SendHighWater"/> bytes wait, the transport stops reading (TCP pushes back on the client)
/// until the queue falls below <see cref="SendLowWater"/>.
///
/// Threading: everything runs on the loop, except <see cref="Abort"/> and <see cref="Send"/> (which
/// post to the loop when called elsewhere) and <see cref="IsClosed"/>. .NET's asynchronous socket
/// operations are never used on the socket: they would register it with the runtime's own epoll.
/// </summary>
public sealed unsafe class SmbTransport
{
    private const int ReceiveBufferSize = 64 * 1024;

    /// <summary>An incomplete frame this large is received into its own buffer (one copy, not two).</summary>
    private const int DirectReceiveThreshold = 16 * 1024;

    /// <summary>Frames handed to <see cref="OnFrame"/> per readable event before yielding to the loop.</summary>
    public const int MaxFramesPerEvent = 32;

    /// <summary>Queued send bytes above which reading stops, and below which (after draining) it resumes.</summary>
    public const long SendHighWater = 4 * 1024 * 1024;
    public const long SendLowWater = 1024 * 1024;

    private static readonly Action<object?> FlushCallback = static o => ((SmbTransport)o!).Flush();
    private static readonly Action<object?> ContinueCallback = static o => ((SmbTransport)o!).ContinueReceive();
    private static readonly Action<FdEvent, FdEventFlags> FdCallback = static (fde, ready) => ((SmbTransport)fde.State!).OnReady(ready);

    private readonly Socket _socket;
    private readonly int _fd;
    private readonly EventContext _ev;
    private FdEvent? _fde;

    // Receive state: _recv[_recvStart.._recvEnd) holds bytes not yet handed on; _large, when set,
    // is the buffer of one big frame, filled up to _largeFilled of _largeLength.
    private byte[]? _recv;
    private int _recvStart, _recvEnd;
    private byte[]? _large;
    private int _largeLength, _largeFilled;
    private bool _continueScheduled;
    private bool _readPaused;

    // Send queue: a ring of frames; the head frame is sent from _sendHeadOffset on.
    private SendSegment[] _sendRing = new SendSegment[16];
    private int _sendHead, _sendCount, _sendHeadOffset;
    private long _sendBytes;
    private bool _flushScheduled;
    private bool _writeBlocked;

    private int _abortRequested;
    private int _closed;

    /// <summary>Called on the loop with a frame (message without the 4-byte header); the callee returns the buffer.</summary>
    public Action<Frame>? OnFrame;

    /// <summary>Called once on the loop when the connection ends, for whatever reason.</summary>
    public Action<string>? OnClosed;

    /// <summary>Takes over <paramref name="socket"/> (made non-blocking here). Call on <paramref name="ev"/>'s thread.</summary>
    public SmbTransport(Socket socket, EventContext ev)
    {
        _socket = socket;
        _ev = ev;
        _socket.NoDelay = true;
        _socket.Blocking = false;
        _fd = (int)socket.Handle;
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
        LocalEndPoint = socket.LocalEndPoint as IPEndPoint;
    }

    public IPEndPoint? RemoteEndPoint { get; }
    public IPEndPoint? LocalEndPoint { get; }
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Bytes queued and not yet taken by the socket. Loop thread.</summary>
    public long QueuedSendBytes => _sendBytes;

    /// <summary>A received message in a pooled buffer: <see cref="Buffer"/>[0..<see cref="Length"/>).</summary>
    public readonly record struct Frame(byte[] Buffer, int Length)
    {
        public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);
        public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
    }

    private readonly record struct SendSegment(byte[] Buffer, int Length);

    /// <summary>Starts receiving: registers the socket with the loop. Loop thread, once, after setting the callbacks.</summary>
    public void Start()
    {
        _ev.AssertOnLoop();
        if (IsClosed || Volatile.Read(ref _abortRequested) != 0) return;
        try { _fde = _ev.AddFd(_fd, FdEventFlags.Read, FdCallback, this); }
        catch (IOException e) { Close(e.Message); }
    }

    private void OnReady(FdEventFlags ready)
    {
        if ((ready & FdEventFlags.Write) != 0) Flush();
        if ((ready & FdEventFlags.Read) != 0 && !IsClosed) Receive();
    }

    private void UpdateInterest()
    {
        if (_fde == null) return;
        var flags = (_readPaused ? FdEventFlags.None : FdEventFlags.Read) | (_writeBlocked ? FdEventFlags.Write : FdEventFlags.None);
        _fde.Flags = flags;
    }

    // ---- receiving ----------------------------------------------------------------------------

    private void Receive()
    {
        int budget = MaxFramesPerEvent;
        while (DeliverBuffered(ref budget))
        {
            int n = RecvSome(out bool filled);
            if (n <= 0) break;
            // A short read drained the socket: hand on what came and let epoll say when more arrives.
            if (!filled)
            {
                DeliverBuffered(ref budget);
                break;
            }
        }
        ReleaseEmptyReceiveBuffer();
    }

    private void ContinueReceive()
    {
        _continueScheduled = false;
        if (IsClosed || _readPaused) return;
        Receive();
    }

    private void ScheduleContinue()
    {
        if (_continueScheduled) return;
        _continueScheduled = true;
        _ev.ScheduleImmediate(ContinueCallback, this);
    }

    /// <summary>
    /// Hands on every whole frame buffered, within <paramref name="budget"/>. False when receiving
    /// must stop for now: closed, aborting, paused, or the budget is spent (a continuation is scheduled).
    /// </summary>
    private bool DeliverBuffered(ref int budget)
    {
        while (true)
        {
            if (IsClosed || Volatile.Read(ref _abortRequested) != 0 || _readPaused) return false;
            if (_large != null)
            {
                if (_largeFilled < _largeLength) return true;
                if (budget == 0) { ScheduleContinue(); return false; }
                budget--;
                var big = new Frame(_large, _largeLength);
                _large = null;
                Deliver(big);
                continue;
            }
            int available = _recvEnd - _recvStart;
            if (available < DirectTcpFraming.HeaderSize) return true;
            if (budget == 0) { ScheduleContinue(); return false; }
            var buffered = _recv.AsSpan(_recvStart, available);
            int length = DirectTcpFraming.ReadLength(buffered);
            if (length < 0 || length > DirectTcpFraming.MaxMessageSize)
            {
                Close($"framing lost (header {Convert.ToHexString(buffered[..DirectTcpFraming.HeaderSize])})");
                return false;
            }
            if (length == 0)
            {
                _recvStart += DirectTcpFraming.HeaderSize; // an empty session message: nothing to hand on
                continue;
            }
            var body = buffered[DirectTcpFraming.HeaderSize..];
            if (body.Length >= length)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                body[..length].CopyTo(buffer);
                _recvStart += DirectTcpFraming.HeaderSize + length;
                budget--;
                Deliver(new Frame(buffer, length));
                continue;
            }
            if (length >= DirectReceiveThreshold)
            {
                _large = ArrayPool<byte>.Shared.Rent(length);
                _largeLength = length;
                _largeFilled = body.Length;
                body.CopyTo(_large);
                _recvStart = _recvEnd;
            }
            return true;
        }
    }

    private void Deliver(Frame frame)
    {
        var onFrame = OnFrame;
        if (onFrame == null) frame.Return();
        else onFrame(frame);
    }

    /// <summary>
    /// One recv(2) into the big frame's buffer or the receive buffer. Returns the byte count
    /// (<paramref name="filled"/>: as many as asked for, so more may be waiting), 0 when the socket
    /// has nothing, -1 when the connection has ended (closed here).
    /// </summary>
    private int RecvSome(out bool filled)
    {
        filled = false;
        byte[] buffer;
        int offset, count;
        if (_large != null)
        {
            (buffer, offset, count) = (_large, _largeFilled, _largeLength - _largeFilled);
        }
        else
        {
            _recv ??= ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
            if (_recvStart == _recvEnd) _recvStart = _recvEnd = 0;
            else if (_recv.Length - _recvEnd < DirectReceiveThreshold + DirectTcpFraming.HeaderSize)
            {
                // Move the partial frame to the front; it is smaller than DirectReceiveThreshold, so it then fits.
                Buffer.BlockCopy(_recv, _recvStart, _recv, 0, _recvEnd - _recvStart);
                _recvEnd -= _recvStart;
                _recvStart = 0;
            }
            (buffer, offset, count) = (_recv, _recvEnd, _recv.Length - _recvEnd);
        }
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = LibC.recv(_fd, p + offset, (nuint)count, LibC.MSG_DONTWAIT);
            if (n > 0)
            {
                if (_large != null) _largeFilled += (int)n;
                else _recvEnd += (int)n;
                filled = n == count;
                return (int)n;
            }
            if (n == 0)
            {
                Close("client closed the connection");
                return -1;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR) continue;
            if (errno == LibC.EAGAIN) return 0;
            Close($"receive failed: {Marshal.GetPInvokeErrorMessage(errno)}");
            return -1;
        }
    }

    /// <summary>An idle connection holds no receive buffer: it goes back to the pool when empty.</summary>
    private void ReleaseEmptyReceiveBuffer()
    {
        if (_recv == null || _recvStart != _recvEnd) return;
        ArrayPool<byte>.Shared.Return(_recv);
        _recv = null;
        _recvStart = _recvEnd = 0;
    }

    // ---- sending ------------------------------------------------------------------------------

    /// <summary>
    /// Queues a complete frame (4-byte header included) built in a pooled buffer; the transport returns
    /// the buffer to the pool after sending (or at once, when the connection is closed). Loop thread;
    /// from another thread the frame is posted to the loop.
    /// </summary>
    public void Send(byte[] pooledBuffer, int length)
    {
        if (!_ev.IsOnLoopThread)
        {
            _ev.PostThreaded(static o =>
            {
                var (transport, buffer, count) = ((SmbTransport, byte[], int))o!;
                transport.Send(buffer, count);
            }, (this, pooledBuffer, length));
            return;
        }
        if (IsClosed || Volatile.Read(ref _abortRequested) != 0)
        {
            ArrayPool<byte>.Shared.Return(pooledBuffer);
            return;
        }
        if (_sendCount == _sendRing.Length) GrowSendRing();
        _sendRing[(_sendHead + _sendCount) & (_sendRing.Length - 1)] = new SendSegment(pooledBuffer, length);
        _sendCount++;
        _sendBytes += length;
        if (_sendBytes > SendHighWater && !_readPaused)
        {
            _readPaused = true;
            UpdateInterest();
        }
        // One flush per round: responses finished in the same round leave in one sendmsg. While the
        // socket is full the flush waits for write readiness instead.
        if (!_flushScheduled && !_writeBlocked)
        {
            _flushScheduled = true;
            _ev.ScheduleImmediate(FlushCallback, this);
        }
    }

    private void GrowSendRing()
    {
        var bigger = new SendSegment[_sendRing.Length * 2];
        for (int i = 0; i < _sendCount; i++) bigger[i] = _sendRing[(_sendHead + i) & (_sendRing.Length - 1)];
        _sendRing = bigger;
        _sendHead = 0;
    }

    private void Flush()
    {
        _flushScheduled = false;
        if (IsClosed) return;
        var iov = stackalloc LibC.IoVec[LibC.MaxIov];
        while (_sendCount > 0)
        {
            int count = Math.Min(_sendCount, LibC.MaxIov);
            long attempted = -_sendHeadOffset;
            for (int i = 0; i < count; i++) attempted += _sendRing[(_sendHead + i) & (_sendRing.Length - 1)].Length;
            nint n = PinAndSend(0, count, iov);
            if (n < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR) continue;
                if (errno == LibC.EAGAIN) break;
                Close($"send failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                return;
            }
            Consume(n);
            if (n < attempted) break; // the socket buffer is full: the rest waits for write readiness
        }
        bool blocked = _sendCount > 0;
        bool resume = _readPaused && _sendBytes <= SendLowWater;
        if (blocked != _writeBlocked || resume)
        {
            _writeBlocked = blocked;
            if (resume) _readPaused = false;
            UpdateInterest();
            if (resume) ScheduleContinue(); // frames already buffered do not make the socket readable
        }
    }

    /// <summary>
    /// Pins the first <paramref name="count"/> queued frames (one `fixed` per recursion level, so no
    /// GCHandle is allocated), fills <paramref name="iov"/> and sends them with one sendmsg.
    /// </summary>
    private nint PinAndSend(int i, int count, LibC.IoVec* iov)
    {
        var segment = _sendRing[(_sendHead + i) & (_sendRing.Length - 1)];
        int skip = i == 0 ? _sendHeadOffset : 0;
        fixed (byte* p = segment.Buffer)
        {
            iov[i].Base = p + skip;
            iov[i].Length = (nuint)(segment.Length - skip);
            if (i + 1 < count) return PinAndSend(i + 1, count, iov);
            var msg = new LibC.MsgHdr { Iov = iov, IovLength = (nuint)count };
            return LibC.sendmsg(_fd, &msg, LibC.MSG_NOSIGNAL | LibC.MSG_DONTWAIT);
        }
    }

    /// <summary>Drops the first <paramref name="sent"/> bytes of the queue, returning finished buffers to the pool.</summary>
    private void Consume(nint sent)
    {
        _sendBytes -= sent;
        while (sent > 0)
        {
            ref var head = ref _sendRing[_sendHead];
            int left = head.Length - _sendHeadOffset;
            if (sent < left)
            {
                _sendHeadOffset += (int)sent;
                return;
            }
            sent -= left;
            ArrayPool<byte>.Shared.Return(head.Buffer);
            head = default;
            _sendHead = (_sendHead + 1) & (_sendRing.Length - 1);
            _sendCount--;
            _sendHeadOffset = 0;
        }
    }

    // ---- ending -------------------------------------------------------------------------------

    /// <summary>
    /// Ends the connection: from now on nothing more is received or sent, and on the loop the socket
    /// is closed and <see cref="OnClosed"/> called (in a later event, never inside this call). Any thread.
    /// </summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _abortRequested, 1) != 0) return;
        _ev.PostThreaded(static o => ((SmbTransport)o!).Close("connection closed by the server"), this);
    }

    /// <summary>Closes once: removes the fd event, returns every buffer, closes the socket, calls <see cref="OnClosed"/>.</summary>
    private void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _fde?.Dispose();
        _fde = null;
        if (_recv != null) ArrayPool<byte>.Shared.Return(_recv);
        if (_large != null) ArrayPool<byte>.Shared.Return(_large);
        _recv = _large = null;
        while (_sendCount > 0)
        {
            ArrayPool<byte>.Shared.Return(_sendRing[_sendHead].Buffer);
            _sendRing[_sendHead] = default;
            _sendHead = (_sendHead + 1) & (_sendRing.Length - 1);
            _sendCount--;
        }
        _sendBytes = 0;
        _socket.Dispose();
        OnClosed?.Invoke(reason);
    }
}
