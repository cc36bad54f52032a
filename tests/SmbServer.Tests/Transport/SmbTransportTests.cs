using System.Net;
using System.Net.Sockets;
using SmbServer.Transport;
using TEvent;

namespace SmbServer.Tests.Transport;

/// <summary>
/// The transport alone, on a loopback TCP pair, with its loop run by the test thread: framing
/// (frames split across reads and many in one read, a big frame received into its own buffer),
/// the per-event frame budget, gathered sends, back-pressure, and exactly-once close.
/// </summary>
public sealed class SmbTransportTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly EventContext _ev = new(name: "transport-test");
    private readonly Socket _client;
    private readonly SmbTransport _transport;
    private readonly List<byte[]> _frames = new();
    private readonly List<string> _closed = new();
    private int _wrongThread;

    public SmbTransportTests() : this(clientReceiveBuffer: 0, serverSendBuffer: 0) { }

    private SmbTransportTests(int clientReceiveBuffer, int serverSendBuffer)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (clientReceiveBuffer > 0) _client.ReceiveBufferSize = clientReceiveBuffer;
        _client.Connect(listener.LocalEndPoint!);
        var server = listener.Accept();
        if (serverSendBuffer > 0) server.SendBufferSize = serverSendBuffer;
        int loopThread = Environment.CurrentManagedThreadId;
        _transport = new SmbTransport(server, _ev)
        {
            OnFrame = frame =>
            {
                if (Environment.CurrentManagedThreadId != loopThread) _wrongThread++;
                _frames.Add(frame.Span.ToArray());
                frame.Return();
            },
            OnClosed = reason =>
            {
                if (Environment.CurrentManagedThreadId != loopThread) _wrongThread++;
                _closed.Add(reason);
            },
        };
        _transport.Start();
    }

    public void Dispose()
    {
        _client.Dispose();
        _transport.Abort();
        RunUntil(() => _transport.IsClosed);
        _ev.Dispose();
    }

    private static byte[] Frame(int length, byte seed)
    {
        var frame = new byte[DirectTcpFraming.HeaderSize + length];
        DirectTcpFraming.WriteHeader(frame, length);
        for (int i = 0; i < length; i++) frame[DirectTcpFraming.HeaderSize + i] = (byte)(seed + i * 7);
        return frame;
    }

    private static byte[] Body(byte[] frame) => frame[DirectTcpFraming.HeaderSize..];

    private void RunUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition() && DateTime.UtcNow < deadline) _ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.True(condition(), "condition not reached in time");
    }

    private static byte[] Pooled(byte[] content)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(content.Length);
        content.CopyTo(buffer, 0);
        return buffer;
    }

    [Fact]
    public void FramesSplitAcrossReadsOrSharingOneAreDeliveredWholeInOrder()
    {
        var small = Enumerable.Range(0, 50).Select(i => Frame(60 + i, (byte)i)).ToArray();
        var big = Frame(1 << 20, 200);           // received straight into its own buffer
        var medium = Frame(10_000, 99);          // under the direct-receive threshold
        var keepAlive = new byte[4];             // an empty session message: nothing delivered
        _client.Send(small.SelectMany(f => f).Concat(keepAlive).ToArray());
        // The big frame in pieces, with the medium one's first bytes in the same write as its end.
        _client.Send(big.AsSpan(0, 3));
        _client.Send(big.AsSpan(3, 100_000));
        _client.Send(big.AsSpan(100_003).ToArray().Concat(medium[..5]).ToArray());
        _client.Send(medium.AsSpan(5));

        RunUntil(() => _frames.Count == 52);
        for (int i = 0; i < 50; i++) Assert.Equal(Body(small[i]), _frames[i]);
        Assert.Equal(Body(big), _frames[50]);
        Assert.Equal(Body(medium), _frames[51]);
        Assert.Equal(0, _wrongThread);
        Assert.Empty(_closed);
    }

    [Fact]
    public void OneReadableEventDeliversAtMostTheFrameBudget()
    {
        int count = SmbTransport.MaxFramesPerEvent * 3;
        _client.Send(Enumerable.Range(0, count).SelectMany(i => Frame(64, (byte)i)).ToArray());
        Thread.Sleep(50); // all of it in the server's receive queue before the loop looks

        var perRound = new List<int>();
        var deadline = DateTime.UtcNow + Limit;
        while (_frames.Count < count && DateTime.UtcNow < deadline)
        {
            int before = _frames.Count;
            _ev.LoopOnce(TimeSpan.FromMilliseconds(20));
            perRound.Add(_frames.Count - before);
        }
        Assert.Equal(count, _frames.Count);
        Assert.All(perRound, n => Assert.InRange(n, 0, SmbTransport.MaxFramesPerEvent * 2)); // one fd event + at most one continuation per round
        Assert.True(perRound.Count(n => n > 0) >= 2, "every frame came in one round: no budget");
    }

    [Fact]
    public void SendsLeaveGatheredAndInOrder()
    {
        var frames = Enumerable.Range(0, 5).Select(i => Frame(100 * (i + 1), (byte)(i * 13))).ToArray();
        foreach (var f in frames) _transport.Send(Pooled(f), f.Length);
        _ev.LoopOnce(TimeSpan.Zero); // the round's flush

        var expected = frames.SelectMany(f => f).ToArray();
        var received = new byte[expected.Length];
        int got = 0;
        _client.ReceiveTimeout = (int)Limit.TotalMilliseconds;
        while (got < received.Length) got += _client.Receive(received, got, received.Length - got, SocketFlags.None);
        Assert.Equal(expected, received);
        Assert.Equal(0, _transport.QueuedSendBytes);
    }

    [Fact]
    public void LostFramingClosesTheConnectionOnce()
    {
        _client.Send(new byte[] { 0x85, 0, 0, 0, 0xFF, 0xFF });
        RunUntil(() => _closed.Count > 0);
        Assert.Single(_closed);
        Assert.Contains("framing lost", _closed[0]);
        _transport.Abort(); // after the close: nothing more happens
        for (int i = 0; i < 3; i++) _ev.LoopOnce(TimeSpan.FromMilliseconds(5));
        Assert.Single(_closed);
    }

    [Fact]
    public void AbortFromAnotherThreadClosesOnceOnTheLoop()
    {
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(_transport.Abort)).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        RunUntil(() => _transport.IsClosed);
        for (int i = 0; i < 3; i++) _ev.LoopOnce(TimeSpan.FromMilliseconds(5));
        Assert.Single(_closed);
        Assert.Equal(0, _wrongThread);
        // A send after the close returns the buffer and goes nowhere.
        _transport.Send(Pooled(Frame(10, 1)), 14);
        Assert.Equal(0, _transport.QueuedSendBytes);
        // The client sees the end of the stream.
        _client.ReceiveTimeout = (int)Limit.TotalMilliseconds;
        Assert.Equal(0, _client.Receive(new byte[16]));
    }

    [Fact]
    public void ClientThatClosesEndsTheConnection()
    {
        _client.Shutdown(SocketShutdown.Send);
        RunUntil(() => _closed.Count > 0);
        Assert.Equal("client closed the connection", Assert.Single(_closed));
    }

    [Fact]
    public void TooMuchQueuedToSendStopsReadingUntilDrained()
    {
        using var t = new SmallBuffers();
        var (transport, client, frames, ev) = (t.Transport, t.Client, t.Frames, t.Ev);
        // The client reads nothing: the queue grows past the high-water mark.
        int chunk = 1 << 20;
        for (int i = 0; i < 8; i++) transport.Send(Pooled(Frame(chunk - 4, (byte)i)), chunk);
        for (int i = 0; i < 5; i++) ev.LoopOnce(TimeSpan.FromMilliseconds(5));
        Assert.True(transport.QueuedSendBytes > SmbTransport.SendHighWater, $"queued {transport.QueuedSendBytes}");

        // A request sent now is not read while the responses wait.
        client.Send(Frame(32, 5));
        for (int i = 0; i < 5; i++) ev.LoopOnce(TimeSpan.FromMilliseconds(5));
        Assert.Empty(frames);

        // The client drains the responses: sending resumes, then reading.
        long total = 8L * chunk, got = 0;
        var sink = new byte[256 * 1024];
        client.Blocking = false;
        var deadline = DateTime.UtcNow + Limit;
        while ((got < total || frames.Count == 0) && DateTime.UtcNow < deadline)
        {
            try { got += client.Receive(sink); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock) { }
            ev.LoopOnce(TimeSpan.FromMilliseconds(1));
        }
        Assert.Equal(total, got);
        Assert.Single(frames);
        Assert.Equal(0, transport.QueuedSendBytes);
    }

    /// <summary>A second pair with small socket buffers, so the kernel cannot absorb the back-pressure test's sends.</summary>
    private sealed class SmallBuffers : IDisposable
    {
        private readonly SmbTransportTests _inner = new(clientReceiveBuffer: 64 * 1024, serverSendBuffer: 64 * 1024);
        public SmbTransport Transport => _inner._transport;
        public Socket Client => _inner._client;
        public List<byte[]> Frames => _inner._frames;
        public EventContext Ev => _inner._ev;
        public void Dispose() => _inner.Dispose();
    }
}
