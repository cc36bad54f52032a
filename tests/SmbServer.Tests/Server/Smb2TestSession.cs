using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Protocol;
using Protocol.Fscc;
using Protocol.Security;
using Protocol.Smb2;
using Protocol.Tests.Ntlm;

namespace SmbServer.Tests.Server;

/// <summary>One SMB2 response element as received: its header and its whole message (header at 0).</summary>
internal sealed record Smb2Response(Smb2Header Header, byte[] Message)
{
    public NtStatus Status => Header.Status;
    public bool IsInterim => Header.IsAsync && Header.Status == NtStatus.Pending;
}

/// <summary>
/// An SMB 2.1 client over real TCP for whole-server tests: NEGOTIATE, an NTLMv2 SESSION_SETUP
/// (signing enabled, not required, so its requests go unsigned), TREE_CONNECT, then requests built
/// with the Protocol writers. It keeps the credit books of MS-SMB2 3.2.4.1.3/3.2.5.1.4: a request
/// of CreditCharge N takes the next N message ids and is only sent when they are granted, and every
/// response (interim ones included) adds its CreditResponse. Requests can be sent without waiting
/// for their responses; responses are collected by message id in any order, compounds split.
/// </summary>
internal sealed class Smb2TestSession : IDisposable
{
    /// <summary>What each request asks for: enough that a test never runs short while not reading responses.</summary>
    public const ushort CreditRequest = 256;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly List<Smb2Response> _received = new();
    private ulong _nextMessageId;
    private ulong _granted = 1; // MS-SMB2 3.2.1.2: message id 0 is granted before any exchange.

    public Smb2TestSession(IPEndPoint server)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.Connect(server);
        _socket.ReceiveTimeout = 10_000;
        _stream = new NetworkStream(_socket, ownsSocket: false);
    }

    public ulong SessionId { get; private set; }
    public uint TreeId { get; private set; }

    /// <summary>Message ids granted and not yet used.</summary>
    public ulong Credits => _granted - _nextMessageId;

    /// <summary>NEGOTIATE 2.1, NTLMv2 SESSION_SETUP as <paramref name="user"/>, TREE_CONNECT to <paramref name="share"/>.</summary>
    public static Smb2TestSession Open(TestServer server, string user, string password, string share)
    {
        var s = new Smb2TestSession(server.EndPoint);
        s.Negotiate();
        s.Login(user, password);
        s.ConnectTree(share);
        return s;
    }

    // ---- building and sending -------------------------------------------------------------

    /// <summary>
    /// A request message: the header (next message ids, this session and tree unless given) and the
    /// body written by <paramref name="writeBody"/> at offset 64 into a buffer of 64 + <paramref name="bodyCapacity"/>.
    /// </summary>
    public byte[] Build(Smb2Command command, Func<byte[], int> writeBody, ushort creditCharge = 1, int bodyCapacity = 4096,
        Smb2HeaderFlags flags = 0, ulong? sessionId = null, uint? treeId = null)
    {
        ulong charge = Math.Max((ushort)1, creditCharge);
        Assert.True(_nextMessageId + charge <= _granted,
            $"{command} needs {charge} credits, {Credits} left: the test must read responses (or ask for more credits) first");
        var message = new byte[Smb2Header.Size + bodyCapacity];
        new Smb2Header(creditCharge, NtStatus.Success, command, CreditRequest, flags, 0, _nextMessageId, 0, 0xFEFF,
            treeId ?? TreeId, sessionId ?? SessionId, default).Write(message);
        _nextMessageId += charge;
        int body = writeBody(message);
        return message.AsSpan(0, Smb2Header.Size + body).ToArray();
    }

    public static ulong MessageIdOf(byte[] message) => BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(Smb2Header.MessageIdOffset));

    public void Send(byte[] message) => SendCompound(message);

    /// <summary>
    /// Sends <paramref name="messages"/> as one compound (MS-SMB2 3.2.4.1.4): each but the last
    /// padded to 8 bytes, NextCommand pointing at the next header.
    /// </summary>
    public void SendCompound(params byte[][] messages)
    {
        int total = 0;
        for (int i = 0; i < messages.Length; i++)
            total += i < messages.Length - 1 ? Smb2Wire.Align8(messages[i].Length) : messages[i].Length;
        var frame = new byte[4 + total];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)total);
        int offset = 4;
        for (int i = 0; i < messages.Length; i++)
        {
            bool last = i == messages.Length - 1;
            int length = last ? messages[i].Length : Smb2Wire.Align8(messages[i].Length);
            messages[i].CopyTo(frame, offset);
            Smb2Header.SetNextCommand(frame.AsSpan(offset), last ? 0u : (uint)length);
            offset += length;
        }
        _stream.Write(frame);
    }

    /// <summary>Sends only the first <paramref name="bytes"/> of a framed message: a request cut off mid-frame.</summary>
    public void SendTruncated(byte[] message, int bytes)
    {
        var frame = new byte[4 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)message.Length);
        message.CopyTo(frame, 4);
        _stream.Write(frame, 0, Math.Min(bytes, frame.Length));
    }

    // ---- receiving ----------------------------------------------------------------------------

    /// <summary>Reads one transport message, splits it, books its credits; false when the server closed.</summary>
    private bool ReceiveFrame()
    {
        var length = new byte[4];
        if (!ReadExactly(length)) return false;
        var frame = new byte[(length[1] << 16) | (length[2] << 8) | length[3]];
        if (!ReadExactly(frame)) return false;
        var elements = new List<Smb2CompoundElement>();
        Assert.True(Smb2Compound.TrySplit(frame, elements, out var error), $"the server sent a malformed compound ({error})");
        foreach (var element in elements)
        {
            var message = element.Slice(frame).ToArray();
            Assert.True(Smb2Header.TryParse(message, out var header, out _), "the server sent a malformed header");
            Assert.True(header.IsResponse, "the server sent a request");
            _granted += header.CreditRequestResponse;
            _received.Add(new Smb2Response(header, message));
        }
        return true;
    }

    private bool ReadExactly(byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n;
            try { n = _stream.Read(buffer, read, buffer.Length - read); }
            catch (IOException) { return false; }
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    /// <summary>
    /// The final response to <paramref name="messageId"/> (an interim STATUS_PENDING is passed over
    /// unless <paramref name="interim"/>), reading until it comes; other responses wait their turn.
    /// </summary>
    public Smb2Response Wait(ulong messageId, bool interim = false)
    {
        while (true)
        {
            int i = _received.FindIndex(r => r.Header.MessageId == messageId && (r.IsInterim == interim));
            if (i >= 0)
            {
                var response = _received[i];
                _received.RemoveAt(i);
                _received.RemoveAll(r => r.Header.MessageId == messageId && r.IsInterim); // seen, or not asked for
                return response;
            }
            Assert.True(ReceiveFrame(), $"the server closed the connection before answering message {messageId}");
        }
    }

    public Smb2Response Wait(byte[] request, bool interim = false) => Wait(MessageIdOf(request), interim);

    /// <summary>Sends <paramref name="request"/> and waits for its final response.</summary>
    public Smb2Response Call(byte[] request)
    {
        Send(request);
        return Wait(request);
    }

    public Smb2Response CallExpecting(NtStatus expected, byte[] request)
    {
        var response = Call(request);
        Assert.True(response.Status == expected, $"{response.Header.Command}: expected {expected}, got {response.Status}");
        return response;
    }

    // ---- the commands -------------------------------------------------------------------------

    public void Negotiate()
    {
        var request = Build(Smb2Command.Negotiate, m => new Smb2NegotiateRequest(1, Smb2SecurityMode.SigningEnabled,
            Smb2Capabilities.LargeMtu, Guid.NewGuid(), 0, 0, 0).Write(m, Smb2Header.Size, [Smb2Dialect.Smb210]));
        var response = CallExpecting(NtStatus.Success, request);
        Assert.True(Smb2NegotiateResponse.TryParse(response.Message, Smb2Header.Size, out var negotiate, out _));
        Assert.Equal(Smb2Dialect.Smb210, negotiate.DialectRevision);
        Assert.True((negotiate.SecurityMode & Smb2SecurityMode.SigningRequired) == 0, "these tests send unsigned requests");
    }

    public void Login(string user, string password)
    {
        var ntlm = new TestNtlmClient { User = user, Password = password };
        var first = Call(Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size, ntlm.CreateNegotiate()), sessionId: 0, treeId: 0));
        Assert.Equal(NtStatus.MoreProcessingRequired, first.Status);
        SessionId = first.Header.SessionId;
        Assert.True(Smb2SessionSetupResponse.TryParse(first.Message, Smb2Header.Size, out var challenge, out _));
        var authenticate = ntlm.CreateAuthenticate(challenge.GetSecurityBuffer(first.Message));
        CallExpecting(NtStatus.Success, Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size, authenticate), treeId: 0));
    }

    /// <summary>
    /// Both legs of an NTLM SESSION_SETUP on <paramref name="sessionId"/> (0: a new session) naming
    /// <paramref name="previousSessionId"/>, without touching <see cref="SessionId"/>: the final status
    /// and the session id the server answered with.
    /// </summary>
    public (NtStatus Status, ulong SessionId) Authenticate(string user, string password, ulong sessionId, ulong previousSessionId)
    {
        var ntlm = new TestNtlmClient { User = user, Password = password };
        var first = Call(Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, previousSessionId)
            .Write(m, Smb2Header.Size, ntlm.CreateNegotiate()), sessionId: sessionId, treeId: 0));
        Assert.Equal(NtStatus.MoreProcessingRequired, first.Status);
        ulong id = first.Header.SessionId;
        Assert.True(Smb2SessionSetupResponse.TryParse(first.Message, Smb2Header.Size, out var challenge, out _));
        var authenticate = ntlm.CreateAuthenticate(challenge.GetSecurityBuffer(first.Message));
        var last = Call(Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, previousSessionId)
            .Write(m, Smb2Header.Size, authenticate), sessionId: id, treeId: 0));
        return (last.Status, id);
    }

    public void ConnectTree(string share)
    {
        var response = CallExpecting(NtStatus.Success, Build(Smb2Command.TreeConnect,
            m => new Smb2TreeConnectRequest(0, 0, 0, 0, 0).Write(m, Smb2Header.Size, $@"\\127.0.0.1\{share}"), treeId: 0));
        TreeId = response.Header.TreeId;
    }

    public byte[] CreateRequest(string name, bool directory = false, Smb2HeaderFlags flags = 0, Smb2CreateDisposition disposition = Smb2CreateDisposition.OpenIf)
    {
        var access = directory
            ? AccessMask.FileListDirectory | AccessMask.FileReadAttributes | AccessMask.Synchronize
            : AccessMask.FileReadData | AccessMask.FileWriteData | AccessMask.FileReadAttributes | AccessMask.Synchronize;
        var options = directory ? Smb2CreateOptions.DirectoryFile : Smb2CreateOptions.NonDirectoryFile;
        return Build(Smb2Command.Create, m => new Smb2CreateRequest(0, Smb2OplockLevel.None, Smb2ImpersonationLevel.Impersonation, 0,
            (uint)access, (uint)Protocol.Fscc.FileAttributes.Normal, Smb2ShareAccess.Read | Smb2ShareAccess.Write | Smb2ShareAccess.Delete,
            disposition, options, 0, 0, 0, 0).Write(m, Smb2Header.Size, name), flags: flags);
    }

    public Smb2FileId Create(string name, bool directory = false)
    {
        var response = CallExpecting(NtStatus.Success, CreateRequest(name, directory));
        Assert.True(Smb2CreateResponse.TryParse(response.Message, Smb2Header.Size, out var create, out _));
        return create.FileId;
    }

    public byte[] LockRequest(Smb2FileId file, ulong offset, ulong length, Smb2LockFlags flags = Smb2LockFlags.ExclusiveLock | Smb2LockFlags.FailImmediately)
        => Build(Smb2Command.Lock, m => new Smb2LockRequest(0, 0, file, 0).Write(m, Smb2Header.Size, [new Smb2LockElement(offset, length, flags)]));

    public void Lock(Smb2FileId file, ulong offset, ulong length) => CallExpecting(NtStatus.Success, LockRequest(file, offset, length));

    /// <summary>Sends a CHANGE_NOTIFY on a directory and waits for its interim STATUS_PENDING response (MS-SMB2 3.3.4.2).</summary>
    public Smb2Response StartNotify(Smb2FileId directory, bool watchTree = false)
    {
        var request = Build(Smb2Command.ChangeNotify, m => new Smb2ChangeNotifyRequest(
            watchTree ? Smb2ChangeNotifyFlags.WatchTree : Smb2ChangeNotifyFlags.None, 4096, directory,
            (uint)(CompletionFilter.FileName | CompletionFilter.DirName)).Write(m, Smb2Header.Size));
        Send(request);
        var interim = Wait(request, interim: true);
        Assert.NotEqual(0ul, interim.Header.AsyncId);
        return interim;
    }

    /// <summary>A WRITE of <paramref name="data"/> at <paramref name="offset"/>, charged one credit per 64 KiB (MS-SMB2 3.1.5.2).</summary>
    public byte[] WriteRequest(Smb2FileId file, long offset, ReadOnlySpan<byte> data)
    {
        ushort charge = (ushort)Math.Max(1, (data.Length + 65535) / 65536);
        var copy = data.ToArray();
        return Build(Smb2Command.Write, m => new Smb2WriteRequest(0, 0, (ulong)offset, file, Smb2Channel.None, 0, 0, 0, Smb2WriteFlags.None)
            .Write(m, Smb2Header.Size, copy), creditCharge: charge, bodyCapacity: 64 + copy.Length);
    }

    public byte[] CloseRequest(Smb2FileId file, Smb2HeaderFlags flags = 0)
        => Build(Smb2Command.Close, m => new Smb2CloseRequest(Smb2CloseFlags.None, file).Write(m, Smb2Header.Size), flags: flags);

    public byte[] LogoffRequest() => Build(Smb2Command.Logoff, m => new Smb2LogoffRequest().Write(m, Smb2Header.Size), treeId: 0);

    public byte[] TreeDisconnectRequest() => Build(Smb2Command.TreeDisconnect, m => new Smb2TreeDisconnectRequest().Write(m, Smb2Header.Size));

    public byte[] EchoRequest() => Build(Smb2Command.Echo, m => new Smb2EchoRequest().Write(m, Smb2Header.Size));

    /// <summary>The header of a related request in a compound (MS-SMB2 3.2.4.1.4): session, tree and FileId come from the previous one.</summary>
    public const Smb2HeaderFlags Related = Smb2HeaderFlags.RelatedOperations;

    // ---- ending -------------------------------------------------------------------------------

    /// <summary>Drops the connection with a TCP reset: no FIN, no LOGOFF, whatever is in flight.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }
}
