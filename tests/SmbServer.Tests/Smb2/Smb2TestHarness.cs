using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Ntvfs;
using Protocol;
using Protocol.Fscc;
using Protocol.Smb2;
using SmbServer.Server;
using SmbServer.Smb2;
using SmbServer.Tests.Configuration;
using SmbServer.Transport;
using SmbServer.Users;
using TEvent;
using TEvent.Coroutines;

namespace SmbServer.Tests.Smb2;

/// <summary>An open of <see cref="FakeBackend"/>.</summary>
internal sealed class FakeHandle(NtvfsTree tree, string path, bool isDirectory, uint grantedAccess)
    : NtvfsHandle(tree, path, isDirectory, grantedAccess);

/// <summary>
/// A backend that answers each operation from a test-supplied function (or a default) and records
/// what it was asked, so a handler's mapping to the NTVFS contract can be checked.
/// </summary>
internal sealed class FakeBackend : NtvfsBackend
{
    public override string Name => "fake";

    public readonly List<string> Calls = new();
    public NtvfsRequest? LastRequest;
    public NtvfsCreateArgs LastCreate;
    public NtvfsReadArgs LastRead;
    public NtvfsWriteArgs LastWrite;
    public byte[] LastWriteData = [];
    public NtvfsLockElement[] LastLocks = [];
    public NtvfsQueryInfoArgs LastQueryInfo;
    public NtvfsSetInfoArgs LastSetInfo;
    public NtvfsQueryDirectoryArgs LastQueryDirectory;
    public NtvfsIoctlArgs LastIoctl;
    public NtvfsHandle? LastIoctlHandle;
    public NtvfsNotifyArgs LastNotify;
    public bool LastClosePostQuery;

    public Func<NtvfsRequest, NtvfsCreateArgs, (NtStatus, NtvfsCreateResult)>? OnCreate;
    public Func<NtvfsReadArgs, (NtStatus, NtvfsReadResult)>? OnRead;
    public Func<(NtStatus, NtvfsInfoResult)>? OnInfo;
    public Func<NtStatus>? OnLock;
    /// <summary>When set, the next operation stays in progress and is kept here for the test to complete.</summary>
    public bool HoldNext;
    public TeventReq? Held;
    /// <summary>When set, the held operation can be cancelled: it then ends with STATUS_CANCELLED.</summary>
    public bool HeldCancellable;

    public static readonly FileMetadata Metadata = new()
    {
        CreationTime = 0x01D0000000000001,
        LastAccessTime = 0x01D0000000000002,
        LastWriteTime = 0x01D0000000000003,
        ChangeTime = 0x01D0000000000004,
        EndOfFile = 5000,
        AllocationSize = 8192,
        FileAttributes = Protocol.Fscc.FileAttributes.Archive,
        IndexNumber = 0x1122334455667788,
    };

    private TeventReq Answer<T>(NtvfsRequest r, string call, NtStatus status, T result)
    {
        Calls.Add(call);
        LastRequest = r;
        if (HoldNext)
        {
            HoldNext = false;
            Held = NtvfsOp.Create<T>(r.Ev, out _);
            if (HeldCancellable)
                Held.SetCancelFn(static req =>
                {
                    NtvfsOp.Complete(req, NtStatus.Cancelled, default(T)!);
                    return true;
                });
            return Held;
        }
        return NtvfsOp.Post(r.Ev, status, result);
    }

    public override TeventReq CreateSend(NtvfsRequest r, NtvfsCreateArgs args)
    {
        LastCreate = args;
        var (status, result) = OnCreate?.Invoke(r, args)
            ?? (NtStatus.Success, new NtvfsCreateResult(new FakeHandle(r.Tree, args.Path, false, 0x0012019F),
                Smb2CreateAction.Opened, Metadata, Smb2OplockLevel.None, 0x001F01FF));
        return Answer(r, "create", status, result);
    }

    public override TeventReq CloseSend(NtvfsRequest r, NtvfsHandle h, bool postQueryAttributes)
    {
        LastClosePostQuery = postQueryAttributes;
        return Answer(r, "close", NtStatus.Success, new NtvfsCloseResult(postQueryAttributes, Metadata));
    }

    public override TeventReq ReadSend(NtvfsRequest r, NtvfsHandle h, NtvfsReadArgs args)
    {
        LastRead = args;
        var (status, result) = OnRead?.Invoke(args) ?? DefaultRead(args);
        return Answer(r, "read", status, result);
    }

    /// <summary>Bytes 1, 2, 3, 4 (as many as fit), into the caller's buffer as a backend must.</summary>
    private static (NtStatus, NtvfsReadResult) DefaultRead(NtvfsReadArgs args)
    {
        ReadOnlySpan<byte> data = [1, 2, 3, 4];
        int count = Math.Min(data.Length, args.Length);
        data[..count].CopyTo(args.Buffer.Span);
        return (NtStatus.Success, new NtvfsReadResult(count));
    }

    public override TeventReq WriteSend(NtvfsRequest r, NtvfsHandle h, NtvfsWriteArgs args)
    {
        LastWrite = args;
        LastWriteData = args.Data.ToArray();
        return Answer(r, "write", NtStatus.Success, new NtvfsWriteResult(args.Data.Length));
    }

    public override TeventReq FlushSend(NtvfsRequest r, NtvfsHandle h) => Answer(r, "flush", NtStatus.Success, true);

    public override TeventReq LockSend(NtvfsRequest r, NtvfsHandle h, NtvfsLockElement[] locks)
    {
        LastLocks = locks;
        return Answer(r, "lock", OnLock?.Invoke() ?? NtStatus.Success, true);
    }

    public override TeventReq QueryInfoSend(NtvfsRequest r, NtvfsHandle h, NtvfsQueryInfoArgs args)
    {
        LastQueryInfo = args;
        var (status, result) = OnInfo?.Invoke() ?? (NtStatus.Success, new NtvfsInfoResult([9, 8, 7], 3));
        return Answer(r, "queryinfo", status, result);
    }

    public override TeventReq SetInfoSend(NtvfsRequest r, NtvfsHandle h, NtvfsSetInfoArgs args)
    {
        LastSetInfo = args;
        return Answer(r, "setinfo", NtStatus.Success, true);
    }

    public override TeventReq QueryDirectorySend(NtvfsRequest r, NtvfsHandle h, NtvfsQueryDirectoryArgs args)
    {
        LastQueryDirectory = args;
        var (status, result) = OnInfo?.Invoke() ?? (NtStatus.Success, new NtvfsInfoResult([1, 0, 0, 0, 0, 0, 0, 0], 8));
        return Answer(r, "querydirectory", status, result);
    }

    public override TeventReq IoctlSend(NtvfsRequest r, NtvfsHandle? h, NtvfsIoctlArgs args)
    {
        LastIoctl = args;
        LastIoctlHandle = h;
        var (status, result) = OnInfo?.Invoke() ?? (NtStatus.Success, new NtvfsInfoResult([5, 6], 2));
        return Answer(r, "ioctl", status, result);
    }

    public override TeventReq NotifySend(NtvfsRequest r, NtvfsHandle h, NtvfsNotifyArgs args)
    {
        LastNotify = args;
        var (status, result) = OnInfo?.Invoke() ?? (NtStatus.Success, new NtvfsInfoResult([0, 0, 0, 0], 4));
        return Answer(r, "notify", status, result);
    }
}

/// <summary>
/// One connection with a valid session and a tree on <see cref="FakeBackend"/>, on a loop owned by
/// the test thread. Requests are built as real SMB2 messages, placed at a non-zero offset of their
/// frame, and served by a handler coroutine exactly as the dispatcher starts it (the checks the
/// dispatcher makes before, and the header it writes after, are not part of these tests).
/// </summary>
internal sealed class Smb2TestHarness : IDisposable
{
    public const ulong SessionId = 0x0000_1000_0000_0001;
    public const uint TreeId = 7;
    public const int FrameOffset = 24;

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private ulong _messageId;

    public Smb2TestHarness(bool ipc = false, ServerLimits? limits = null, Smb2Dialect dialect = Smb2Dialect.Smb210)
    {
        Ev = new EventContext();
        var config = TestConfig.Clean("[s]\npath = /srv/s\n[IPC$]\n");
        var users = new UserDatabase(Path.Combine(Path.GetTempPath(), "smbserver-tests-no-such-passdb-" + Guid.NewGuid().ToString("N")));
        Server = new SmbServerContext(config, users, NullLoggerFactory.Instance, limits);
        // Never connected: nothing is ever sent anywhere; a send fails and closes the transport.
        Connection = new Smb2Connection(Server, new SmbTransport(_socket, Ev), Ev)
        {
            Dialect = dialect,
            ClientGuid = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
            ClientSecurityMode = Smb2SecurityMode.SigningEnabled,
            ClientCapabilities = Smb2Capabilities.LargeMtu,
            ServerCapabilities = Smb2Capabilities.LargeMtu,
        };
        var user = new NtvfsSession("alice", "WG", 1000, 1000, false, false);
        Session = new Smb2Session(SessionId) { IsValid = true, User = user };
        Connection.Sessions[SessionId] = Session;
        var share = (ipc ? config.Ipc : config.FindShare("s"))!;
        var ntTree = new NtvfsTree(new NtvfsShareOptions { ShareName = share.Name, Path = share.Path }, Backend, user) { TreeId = TreeId };
        Tree = new Smb2Tree(TreeId, share, ntTree, ipc) { MaximalAccess = 0x001F01FF };
        Session.Trees[TreeId] = Tree;
    }

    public EventContext Ev { get; }
    public SmbServerContext Server { get; }
    public Smb2Connection Connection { get; }
    public Smb2Session Session { get; }
    public Smb2Tree Tree { get; }
    public FakeBackend Backend { get; } = new();

    /// <summary>Registers an open of the fake backend, as a CREATE would, and returns its FileId.</summary>
    public Smb2FileId AddOpen(bool isDirectory = false, uint grantedAccess = 0x001F01FF)
    {
        ulong id = Connection.AllocateVolatileId();
        Connection.Opens[id] = new Smb2Open(id, Session, Tree, new FakeHandle(Tree.Ntvfs, "f", isDirectory, grantedAccess));
        return new Smb2FileId(id, id);
    }

    /// <summary>A request whose body <paramref name="writeBody"/> writes at offset 64 of the message.</summary>
    public Smb2Request Request(Smb2Command command, WriteBody writeBody, ushort creditCharge = 1,
        bool related = false, Smb2FileId? previousFileId = null, bool lastInCompound = true)
    {
        var body = new byte[70000];
        int bodyLength = writeBody(body, Smb2Request.BodyOffset);
        int length = Smb2Request.BodyOffset + bodyLength;
        var frame = new byte[FrameOffset + length];
        var header = new Smb2Header(creditCharge, NtStatus.Success, command, 1,
            related ? Smb2HeaderFlags.RelatedOperations : Smb2HeaderFlags.None, 0, ++_messageId, 0, 0, TreeId, SessionId, default);
        header.Write(body);
        body.AsSpan(0, length).CopyTo(frame.AsSpan(FrameOffset));
        return new Smb2Request(Connection, frame, new Smb2CompoundElement(FrameOffset, length), header)
        {
            Batch = new List<Smb2Request>(),
            Session = Session,
            Tree = Tree,
            ResponseSessionId = SessionId,
            ResponseTreeId = TreeId,
            PreviousFileId = previousFileId,
            IsLastInCompound = lastInCompound,
        };
    }

    public delegate int WriteBody(Span<byte> message, int bodyOffset);

    /// <summary>Runs <paramref name="handler"/> for <paramref name="r"/> to completion on the loop.</summary>
    public NtStatus Run(Func<Coroutine, Smb2Request, CoroutineBody<NtStatus>> handler, Smb2Request r)
    {
        var req = Start(handler, r);
        return Finish(req);
    }

    public TeventReq Start(Func<Coroutine, Smb2Request, CoroutineBody<NtStatus>> handler, Smb2Request r)
    {
        var req = Coroutine.Send(Ev, r, handler);
        r.HandlerReq = req;
        return req;
    }

    public NtStatus Finish(TeventReq req)
    {
        Ev.LoopUntil(req);
        uint code = Coroutine.Recv(req, out NtStatus status);
        return code != 0 ? new NtStatus(code) : status;
    }

    /// <summary>The response message the handler built (header area unwritten), or empty when it wrote no body.</summary>
    public static byte[] Response(Smb2Request r) => r.BodyWritten ? r.Response.ToArray() : [];

    public void Dispose() => _socket.Dispose();
}
