using System.Buffers;
using Microsoft.Extensions.Logging;
using Ntvfs;
using Protocol;
using Protocol.Smb1;
using Protocol.Smb2;
using SmbServer.Transport;
using TEvent;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// One client connection (MS-SMB2 3.3.1.7): negotiated state, credits, sessions, opens and the
/// requests in flight. Every member runs on the connection's loop; nothing here is shared.
/// Each received message is served by a coroutine (<see cref="Smb2Dispatcher"/>); a message's
/// compound elements run in order, different messages run concurrently.
/// </summary>
public sealed partial class Smb2Connection
{
    private readonly Dictionary<ulong, Smb2Request> _async = new();
    private readonly Dictionary<ulong, Smb2Request> _inFlightByMessageId = new();
    private ulong _nextAsyncId = 1;
    private ulong _nextVolatileId = 1;
    private ulong _nextSessionId;

    public Smb2Connection(SmbServerContext server, SmbTransport transport, EventContext ev)
    {
        Server = server;
        Transport = transport;
        Ev = ev;
        Credits = new Smb2CreditWindow(server.Limits.MaxCredits);
        // Session ids are unique across the server so a bound or stale id never aliases another.
        _nextSessionId = server.NextSessionIdBase();
        Logger = server.LoggerFactory.CreateLogger("SmbServer.Connection");
    }

    public SmbServerContext Server { get; }
    public SmbTransport Transport { get; }
    public EventContext Ev { get; }
    public ILogger Logger { get; }
    public Smb2CreditWindow Credits { get; }

    /// <summary>0 until NEGOTIATE; <see cref="Smb2Dialect.Smb2Wildcard"/> after an SMB1 upgrade answer.</summary>
    public Smb2Dialect Dialect { get; set; }
    public bool NegotiateDone => Dialect != 0 && Dialect != Smb2Dialect.Smb2Wildcard;
    public Guid ClientGuid { get; set; }
    public Smb2SecurityMode ClientSecurityMode { get; set; }
    public Smb2Capabilities ClientCapabilities { get; set; }
    public Smb2Capabilities ServerCapabilities { get; set; }

    /// <summary>SMB 3.1.1: Connection.PreauthIntegrityHashValue over NEGOTIATE (sessions chain from it).</summary>
    public Protocol.Smb2.Smb2PreauthIntegrityHash? PreauthHash { get; set; }

    /// <summary>The cipher sessions encrypt with: from the 3.1.1 ENCRYPTION context, or AES-128-CCM on 3.0/3.0.2 when both sides support it.</summary>
    public Protocol.Encryption.Smb2CipherId? CipherId { get; set; }

    /// <summary>SMB 3.1.1: the SIGNING_CAPABILITIES choice (null: AES-CMAC).</summary>
    public Protocol.Signing.Smb2SigningAlgorithm? SigningAlgorithmId { get; set; }

    public bool IsSmb3 => NegotiateDone && Dialect >= Smb2Dialect.Smb300;
    public bool SupportsMultiCredit => NegotiateDone && Dialect >= Smb2Dialect.Smb210;
    public uint MaxTransactSize { get; set; } = 65536;
    public uint MaxReadSize { get; set; } = 65536;
    public uint MaxWriteSize { get; set; } = 65536;

    public Dictionary<ulong, Smb2Session> Sessions { get; } = new();
    public Dictionary<ulong, Smb2Open> Opens { get; } = new();
    public bool IsClosed { get; private set; }

    public void Start()
    {
        Transport.OnFrame = OnFrame;
        Transport.OnClosed = OnClosed;
        Transport.Start();
    }

    private void OnFrame(SmbTransport.Frame frame)
    {
        if (IsClosed) { frame.Return(); return; }
        var message = frame.Span;
        if (message.Length >= 4 && message[0] == 0xFF && message[1] == (byte)'S' && message[2] == (byte)'M' && message[3] == (byte)'B')
        {
            HandleSmb1Negotiate(frame);
            return;
        }
        var received = new Smb2ReceivedMessage(frame.Buffer, 0, frame.Length);
        bool encrypted = false;
        if (Smb2TransformHeader.IsTransformMessage(message))
        {
            if (!TryDecrypt(ref received)) return;
            encrypted = true;
            message = received.Span;
        }
        if (!Smb2Header.HasProtocolId(message))
        {
            received.Return();
            Disconnect("not an SMB2 message");
            return;
        }
        var req = Coroutine.Send(Ev, (this, received, encrypted), static (co, arg) => Smb2Dispatcher.ProcessMessage(co, arg.Item1, arg.Item2, arg.Item3));
        req.SetCallback(static r => Coroutine.Recv(r, out bool _));
    }

    public ulong AllocateSessionId() => ++_nextSessionId;

    /// <summary>
    /// MS-SMB2 3.3.5.2.1: an SMB2 TRANSFORM message is decrypted with its session's key, in place: the
    /// message is then the plaintext behind the TRANSFORM header, in the buffer it arrived in. A message we
    /// cannot decrypt (unknown session, bad tag, malformed header) ends the connection.
    /// </summary>
    private bool TryDecrypt(ref Smb2ReceivedMessage received)
    {
        var message = received.Span;
        if (!Smb2TransformHeader.TryParse(message, out var transform, out _)
            || !Sessions.TryGetValue(transform.SessionId, out var session) || session.Decryptor == null)
        {
            received.Return();
            Disconnect("undecryptable TRANSFORM message");
            return false;
        }
        var inPlace = received.Buffer.AsSpan(received.Offset + Smb2TransformHeader.Size, received.Length - Smb2TransformHeader.Size);
        if (!session.Decryptor.TryDecryptMessage(message, inPlace, out int length, out _))
        {
            received.Return();
            Disconnect("TRANSFORM message failed authentication");
            return false;
        }
        received = new Smb2ReceivedMessage(received.Buffer, received.Offset + Smb2TransformHeader.Size, length);
        return true;
    }

    public ulong AllocateVolatileId()
    {
        while (Opens.ContainsKey(_nextVolatileId) || _nextVolatileId == 0 || _nextVolatileId == ulong.MaxValue) _nextVolatileId++;
        return _nextVolatileId++;
    }

    internal void TrackInFlight(Smb2Request r) => _inFlightByMessageId[r.Header.MessageId] = r;

    internal void UntrackInFlight(Smb2Request r)
    {
        if (_inFlightByMessageId.TryGetValue(r.Header.MessageId, out var x) && ReferenceEquals(x, r)) _inFlightByMessageId.Remove(r.Header.MessageId);
        if (r.IsAsync) _async.Remove(r.AsyncId);
    }

    internal ulong RegisterAsync(Smb2Request r)
    {
        ulong id = _nextAsyncId++;
        _async[id] = r;
        return id;
    }

    /// <summary>SMB2 CANCEL (MS-SMB2 3.3.5.16): finds the request by AsyncId or MessageId and cancels it.</summary>
    internal void Cancel(in Smb2Header cancel)
    {
        Smb2Request? target;
        if ((cancel.Flags & Smb2HeaderFlags.AsyncCommand) != 0) _async.TryGetValue(cancel.AsyncId, out target);
        else _inFlightByMessageId.TryGetValue(cancel.MessageId, out target);
        if (target == null || target.HandlerReq == null || !target.HandlerReq.IsInProgress) return;
        if (target.Session != null && cancel.SessionId != 0 && cancel.SessionId != target.Session.SessionId) return;
        target.HandlerReq.Cancel();
    }

    public Smb2Open? FindOpen(Smb2Request r, Smb2FileId fileId)
    {
        if (fileId.IsUsePrevious)
        {
            if (!r.IsRelated || r.PreviousFileId is not { } previous) return null;
            fileId = previous;
        }
        if (!Opens.TryGetValue(fileId.Volatile, out var open)) return null;
        if (open.PersistentId != fileId.Persistent) return null;
        if (!ReferenceEquals(open.Session, r.Session) || !ReferenceEquals(open.Tree, r.Tree)) return null;
        return open;
    }

    // ---- sending ------------------------------------------------------------------------------

    /// <summary>Sends finished responses as one compound message (8-byte aligned, each signed as needed).</summary>
    internal void SendResponses(List<Smb2Request> responses)
    {
        if (responses.Count == 0) return;
        if (IsClosed)
        {
            foreach (var r in responses) r.ReleaseBuffers();
            responses.Clear();
            return;
        }
        if (responses.Count == 1 && TrySendInPlace(responses[0]))
        {
            responses.Clear();
            return;
        }
        Smb2Session? encryptWith = null;
        foreach (var r in responses) encryptWith ??= r.EncryptWith;
        bool encrypt = encryptWith is { Encryptor: not null, Nonces: not null };
        // Room for the TRANSFORM header before the chain, so that it is encrypted where it lies.
        int start = DirectTcpFraming.HeaderSize + (encrypt ? Smb2TransformHeader.Size : 0);
        int total = start;
        for (int i = 0; i < responses.Count; i++)
            total += i < responses.Count - 1 ? Smb2Wire.Align8(responses[i].ResponseLength) : responses[i].ResponseLength;
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        int offset = start;
        for (int i = 0; i < responses.Count; i++)
        {
            var r = responses[i];
            bool last = i == responses.Count - 1;
            int length = last ? r.ResponseLength : Smb2Wire.Align8(r.ResponseLength);
            var element = buffer.AsSpan(offset, length);
            r.Response.CopyTo(element);
            element[r.ResponseLength..].Clear();
            Smb2Header.SetNextCommand(element, last ? 0u : (uint)length);
            // MS-SMB2 3.3.4.1.1: each response of a compound is signed on its own, padding included;
            // an encrypted message is not signed (3.3.4.1.4: the transform's tag protects it).
            if (encryptWith == null) SignIfNeeded(r, element);
            offset += length;
            r.ReleaseBuffers();
        }
        responses.Clear();
        SealAndSend(encrypt ? encryptWith : null, buffer, total - start);
    }

    /// <summary>
    /// Sends a message the server originates (an oplock break notification, MS-SMB2 3.3.4.6), encrypted
    /// with <paramref name="encryptWith"/>'s key when given. Nothing is sent on a closed connection.
    /// </summary>
    internal void SendUnsolicited(ReadOnlySpan<byte> message, Smb2Session? encryptWith)
    {
        if (IsClosed) return;
        bool encrypt = encryptWith is { Encryptor: not null, Nonces: not null };
        int start = DirectTcpFraming.HeaderSize + (encrypt ? Smb2TransformHeader.Size : 0);
        var buffer = ArrayPool<byte>.Shared.Rent(start + message.Length);
        message.CopyTo(buffer.AsSpan(start));
        SealAndSend(encrypt ? encryptWith : null, buffer, message.Length);
    }

    /// <summary>
    /// A lone response whose buffer already has the room its framing needs (<see cref="Smb2Request.ResponseStart"/>)
    /// is signed or encrypted in that buffer and handed to the transport as it is: a READ's data is never copied.
    /// </summary>
    private bool TrySendInPlace(Smb2Request r)
    {
        var encryptWith = r.EncryptWith;
        bool encrypt = encryptWith is { Encryptor: not null, Nonces: not null };
        int start = DirectTcpFraming.HeaderSize + (encrypt ? Smb2TransformHeader.Size : 0);
        if (r.ResponseStart != start || (encryptWith != null && !encrypt)) return false;
        int length = r.ResponseLength;
        var buffer = r.TakeResponseBuffer();
        var message = buffer.AsSpan(start, length);
        Smb2Header.SetNextCommand(message, 0);
        if (!encrypt) SignIfNeeded(r, message);
        r.ReleaseBuffers();
        SealAndSend(encrypt ? encryptWith : null, buffer, length);
        return true;
    }

    private static void SignIfNeeded(Smb2Request r, Span<byte> message)
    {
        if (!r.SignResponse || r.Session?.Signer is not { } signer) return;
        Smb2Header.AddFlags(message, Smb2HeaderFlags.Signed);
        signer.Sign(message);
    }

    /// <summary>
    /// Sends the message of <paramref name="messageLength"/> bytes that lies in <paramref name="buffer"/> after the
    /// 4-byte framing header and, when <paramref name="encryptWith"/> is given, after room for the TRANSFORM header:
    /// then it is encrypted in place (MS-SMB2 3.1.4.3) and the TRANSFORM header written before it.
    /// </summary>
    private void SealAndSend(Smb2Session? encryptWith, byte[] buffer, int messageLength)
    {
        int frameLength = messageLength;
        if (encryptWith is { Encryptor: { } cipher, Nonces: { } nonces })
        {
            frameLength = Smb2TransformHeader.Size + messageLength;
            var frame = buffer.AsSpan(DirectTcpFraming.HeaderSize, frameLength);
            cipher.EncryptMessage(nonces, encryptWith.SessionId, frame[Smb2TransformHeader.Size..], frame);
        }
        DirectTcpFraming.WriteHeader(buffer, frameLength);
        Transport.Send(buffer, DirectTcpFraming.HeaderSize + frameLength);
    }

    /// <summary>MS-SMB2 3.3.4.2: the interim response of a request that goes async, after the responses before it.</summary>
    internal void SendInterim(Smb2Request r)
    {
        // MS-SMB2 3.3.4.1.4: the response to an encrypted request is encrypted, the interim one too.
        var interim = new Smb2Request(this, r.Frame, r.Element, r.Header) { EncryptWith = r.EncryptWith };
        interim.Error(NtStatus.Pending);
        Smb2Dispatcher.WriteResponseHeader(interim, r, NtStatus.Pending, r.CreditsGranted, isInterim: true);
        var batch = Smb2Dispatcher.TakeCompletedBefore(r);
        batch.Add(interim);
        SendResponses(batch);
    }

    // ---- SMB1 upgrade ---------------------------------------------------------------------------

    private void HandleSmb1Negotiate(SmbTransport.Frame frame)
    {
        try
        {
            // MS-SMB2 3.3.5.3: only an SMB1 NEGOTIATE offering SMB 2.x is accepted, and only first.
            if (Dialect != 0 || !Smb1NegotiateRequest.TryParse(frame.Span, out var smb1, out _)
                || !(smb1.OffersSmb2002 || smb1.OffersSmb2Wildcard))
            {
                Disconnect("SMB1 is not served (only the NEGOTIATE that upgrades to SMB2)");
                return;
            }
            var dialect = smb1.OffersSmb2Wildcard ? Smb2Dialect.Smb2Wildcard : Smb2Dialect.Smb202;
            if (dialect == Smb2Dialect.Smb202 && Server.MinDialect > Smb2Dialect.Smb202)
            {
                Disconnect("client offers only SMB 2.0.2, below server min protocol");
                return;
            }
            Smb2Negotiate.SendSmb1UpgradeResponse(this, dialect);
        }
        finally { frame.Return(); }
    }

    // ---- ending -----------------------------------------------------------------------------

    /// <summary>Drops the connection (framing lost or a protocol violation). Logged once.</summary>
    public void Disconnect(string reason)
    {
        if (IsClosed) return;
        LogDisconnect(Logger, Transport.RemoteEndPoint?.ToString() ?? "?", reason);
        Transport.Abort();
    }

    private void OnClosed(string reason)
    {
        if (IsClosed) return;
        IsClosed = true;
        LogClosed(Logger, Transport.RemoteEndPoint?.ToString() ?? "?", reason);
        foreach (var r in _inFlightByMessageId.Values.ToList()) CancelForTeardown(r);
        foreach (var r in _async.Values.ToList()) CancelForTeardown(r);
        foreach (var session in Sessions.Values.ToList())
            foreach (var sub in Smb2Logoff.TearDownSession(this, session))
                sub.SetCallback(Smb2TreeDisconnect.TeardownRecv);
        Sessions.Clear();
        Ev.AddLoad(-1);
        Server.ConnectionClosed(this);
    }

    private static void CancelForTeardown(Smb2Request r)
    {
        r.NoResponse = true;
        if (r.HandlerReq is { IsInProgress: true } req) req.Cancel();
    }

    /// <summary>Cancels in-flight requests of a session or tree that is going away (they answer nothing).</summary>
    internal void CancelRequestsOf(Smb2Session session, Smb2Tree? tree, Smb2Request? except)
    {
        foreach (var r in _inFlightByMessageId.Values.Concat(_async.Values).Distinct().ToList())
        {
            if (ReferenceEquals(r, except) || !ReferenceEquals(r.Session, session)) continue;
            if (tree != null && !ReferenceEquals(r.Tree, tree)) continue;
            if (r.HandlerReq is { IsInProgress: true } req)
            {
                r.CancelledByTeardown = true;
                req.Cancel();
            }
        }
    }

    /// <summary>Takes the opens of a tree out of the table (their FileIds are invalid from now on) for the caller to close.</summary>
    internal List<Smb2Open> TakeOpensOf(Smb2Session session, Smb2Tree tree)
    {
        var taken = new List<Smb2Open>();
        foreach (var open in Opens.Values)
            if (ReferenceEquals(open.Session, session) && ReferenceEquals(open.Tree, tree)) taken.Add(open);
        foreach (var open in taken)
        {
            Opens.Remove(open.VolatileId);
            Server.OpenClosed();
        }
        return taken;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Connection from {Client} dropped: {Reason}")]
    private static partial void LogDisconnect(ILogger logger, string client, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Connection from {Client} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string client, string reason);
}
