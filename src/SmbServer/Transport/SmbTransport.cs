using System.Buffers;
using System.Net;
using System.Net.Sockets;
using TEvent;

namespace SmbServer.Transport;

/// <summary>
/// One TCP connection's I/O. A receive task (on the runtime's I/O threads) reads whole frames into
/// pooled buffers and hands each to the owning loop as a threaded immediate; the loop hands finished
/// responses back with <see cref="Send"/>, and a send task writes everything queued in one gather
/// write, so several small responses share one system call. Nothing here touches connection state:
/// the loop does.
/// </summary>
public sealed class SmbTransport
{
    private readonly Socket _socket;
    private readonly EventContext _ev;
    private readonly object _sendLock = new();
    private List<ArraySegment<byte>> _sendQueue = new();
    private List<ArraySegment<byte>> _sending = new();
    private bool _sendRunning;
    private int _closed;

    /// <summary>Called on the loop with a frame (message without the 4-byte header); the callee returns the buffer.</summary>
    public Action<Frame>? OnFrame;

    /// <summary>Called once on the loop when the connection ends, for whatever reason.</summary>
    public Action<string>? OnClosed;

    public SmbTransport(Socket socket, EventContext ev)
    {
        _socket = socket;
        _ev = ev;
        _socket.NoDelay = true;
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
        LocalEndPoint = socket.LocalEndPoint as IPEndPoint;
    }

    public IPEndPoint? RemoteEndPoint { get; }
    public IPEndPoint? LocalEndPoint { get; }
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>A received message in a pooled buffer: <see cref="Buffer"/>[0..<see cref="Length"/>).</summary>
    public readonly record struct Frame(byte[] Buffer, int Length)
    {
        public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);
        public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
    }

    public void Start() => _ = ReceiveLoop();

    private async Task ReceiveLoop()
    {
        var header = new byte[DirectTcpFraming.HeaderSize];
        string reason = "client closed the connection";
        try
        {
            while (true)
            {
                if (!await ReadExactly(header, DirectTcpFraming.HeaderSize)) break;
                int length = DirectTcpFraming.ReadLength(header);
                if (length < 0 || length > DirectTcpFraming.MaxMessageSize)
                {
                    reason = $"framing lost (header {Convert.ToHexString(header)})";
                    break;
                }
                if (length == 0) continue; // NetBIOS keep-alive-ish empty frame
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                if (!await ReadExactly(buffer, length))
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }
                // Back-pressure: when the loop's queue is full this blocks here, and TCP pushes back.
                _ev.PostThreaded(static o => ((FrameDelivery)o!).Deliver(), new FrameDelivery(this, new Frame(buffer, length)));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            reason = e.Message;
        }
        _ev.PostThreaded(static o => { var (t, r) = ((SmbTransport, string))o!; t.CloseOnLoop(r); }, (this, reason));
    }

    private sealed class FrameDelivery(SmbTransport transport, Frame frame)
    {
        public void Deliver()
        {
            if (transport.IsClosed || transport.OnFrame == null) { frame.Return(); return; }
            transport.OnFrame(frame);
        }
    }

    private async ValueTask<bool> ReadExactly(byte[] buffer, int count)
    {
        int read = 0;
        while (read < count)
        {
            int n = await _socket.ReceiveAsync(buffer.AsMemory(read, count - read), SocketFlags.None);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    /// <summary>
    /// Queues a complete frame (4-byte header included) built in a pooled buffer; the transport returns
    /// the buffer to the pool after sending. Loop thread.
    /// </summary>
    public void Send(byte[] pooledBuffer, int length)
    {
        bool start;
        lock (_sendLock)
        {
            if (IsClosed) { ArrayPool<byte>.Shared.Return(pooledBuffer); return; }
            _sendQueue.Add(new ArraySegment<byte>(pooledBuffer, 0, length));
            start = !_sendRunning;
            _sendRunning = true;
        }
        if (start) _ = SendLoop();
    }

    private async Task SendLoop()
    {
        try
        {
            while (true)
            {
                lock (_sendLock)
                {
                    if (_sendQueue.Count == 0 || IsClosed) { _sendRunning = false; return; }
                    (_sending, _sendQueue) = (_sendQueue, _sending);
                }
                int total = 0;
                foreach (var s in _sending) total += s.Count;
                int sent = 0;
                while (sent < total)
                {
                    int n = await _socket.SendAsync(Remaining(_sending, sent), SocketFlags.None);
                    if (n <= 0) throw new SocketException((int)SocketError.ConnectionReset);
                    sent += n;
                }
                foreach (var s in _sending) ArrayPool<byte>.Shared.Return(s.Array!);
                _sending.Clear();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            lock (_sendLock) _sendRunning = false;
            Abort();
        }
    }

    private static IList<ArraySegment<byte>> Remaining(List<ArraySegment<byte>> segments, int skip)
    {
        if (skip == 0) return segments;
        var rest = new List<ArraySegment<byte>>(segments.Count);
        foreach (var s in segments)
        {
            if (skip >= s.Count) { skip -= s.Count; continue; }
            rest.Add(new ArraySegment<byte>(s.Array!, s.Offset + skip, s.Count - skip));
            skip = 0;
        }
        return rest;
    }

    /// <summary>Closes the socket; the receive task then reports the end on the loop. Any thread.</summary>
    public void Abort()
    {
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        _socket.Close();
    }

    private void CloseOnLoop(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _socket.Close();
        lock (_sendLock)
        {
            foreach (var s in _sendQueue) ArrayPool<byte>.Shared.Return(s.Array!);
            _sendQueue.Clear();
        }
        OnClosed?.Invoke(reason);
    }
}
