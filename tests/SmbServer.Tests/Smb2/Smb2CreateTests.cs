using System.Buffers.Binary;
using System.Text;
using Ntvfs;
using Protocol;
using Protocol.Smb2;
using SmbServer.Server;
using SmbServer.Smb2;

namespace SmbServer.Tests.Smb2;

public class Smb2CreateTests
{
    private static Smb2CreateRequest Request(
        uint desiredAccess = 0x0012019F,
        Smb2CreateDisposition disposition = Smb2CreateDisposition.OpenIf,
        Smb2CreateOptions options = Smb2CreateOptions.NonDirectoryFile,
        Smb2ImpersonationLevel impersonation = Smb2ImpersonationLevel.Impersonation,
        Smb2ShareAccess share = Smb2ShareAccess.Read | Smb2ShareAccess.Write)
        => new(0, Smb2OplockLevel.Batch, impersonation, 0, desiredAccess, 0x80, share, disposition, options, 0, 0, 0, 0);

    private static byte[] Contexts(params (string Name, byte[] Data)[] items)
    {
        var buffer = new byte[4096];
        var writer = new Smb2CreateContextWriter(buffer);
        foreach (var (name, data) in items) writer.Add(Encoding.ASCII.GetBytes(name), data);
        return buffer[..writer.Length];
    }

    /// <summary>The request as it arrives: written at a non-zero position of a larger buffer, then parsed.</summary>
    private static (byte[] Buffer, int Start, int Length, Smb2CreateRequest Parsed) Wire(Smb2CreateRequest request, string name, byte[]? contexts = null)
    {
        var buffer = new byte[8192];
        const int start = 40;
        int length = Smb2Request.BodyOffset + request.Write(buffer.AsSpan(start), Smb2Request.BodyOffset, name, contexts ?? []);
        Assert.True(Smb2CreateRequest.TryParse(buffer.AsSpan(start, length), Smb2Request.BodyOffset, out var parsed, out _));
        return (buffer, start, length, parsed);
    }

    private static NtStatus ReadContexts(byte[] contexts, Smb2Dialect dialect, bool ipc, out Smb2Create.ContextRequests requests)
    {
        var (buffer, start, length, parsed) = Wire(Request(), "f", contexts);
        return Smb2Create.ReadContexts(buffer.AsSpan(start, length), parsed, dialect, ipc, out requests);
    }

    [Theory]
    [InlineData(4u, 1u, 0x40u, 0x0012019Fu, 3u, 0xC00000A5u)] // ImpersonationLevel past Delegate: BAD_IMPERSONATION_LEVEL
    [InlineData(3u, 6u, 0x40u, 0x0012019Fu, 3u, 0xC000000Du)] // CreateDisposition past FILE_OVERWRITE_IF
    [InlineData(2u, 1u, 0x01000040u, 0x0012019Fu, 3u, 0xC000000Du)] // reserved high byte of CreateOptions
    [InlineData(2u, 1u, 0x00100000u, 0x0012019Fu, 3u, 0xC00000BBu)] // FILE_RESERVE_OPFILTER: NOT_SUPPORTED
    [InlineData(2u, 1u, 0x00002000u, 0x0012019Fu, 3u, 0xC00000BBu)] // FILE_OPEN_BY_FILE_ID: NOT_SUPPORTED
    [InlineData(2u, 1u, 0x00000080u, 0x0012019Fu, 3u, 0xC00000BBu)] // 0x80 (FILE_CREATE_TREE_CONNECTION)
    [InlineData(2u, 1u, 0x00000040u, 0x0012019Fu, 8u, 0xC000000Du)] // ShareAccess bit past FILE_SHARE_DELETE
    [InlineData(2u, 1u, 0x00000040u, 0x00000200u, 3u, 0xC0000022u)] // reserved access bit 9: ACCESS_DENIED
    [InlineData(2u, 1u, 0x00001040u, 0x0012019Fu, 3u, 0xC000000Du)] // delete-on-close without DELETE
    [InlineData(2u, 1u, 0x00001040u, 0x0013019Fu, 3u, 0x00000000u)] // ... with DELETE
    [InlineData(2u, 1u, 0x00001040u, 0x10000000u, 3u, 0x00000000u)] // ... with GENERIC_ALL
    [InlineData(0u, 5u, 0x00000030u, 0x02000000u, 7u, 0x00000000u)] // sync alert flags are ignored; MAXIMUM_ALLOWED
    public void ValidateChecksTheFixedFields(uint impersonation, uint disposition, uint options, uint access, uint share, uint expected)
    {
        var request = Request(access, (Smb2CreateDisposition)disposition, (Smb2CreateOptions)options,
            (Smb2ImpersonationLevel)impersonation, (Smb2ShareAccess)share);
        var parsed = Wire(request, "a.txt").Parsed;
        Assert.Equal(new NtStatus(expected), Smb2Create.Validate(parsed));
    }

    [Theory]
    [InlineData("dir\\file.txt", false, 0x00000000u)]
    [InlineData("", false, 0x00000000u)]
    [InlineData("\\file.txt", false, 0xC000000Du)]
    [InlineData("/etc/passwd", false, 0xC000000Du)]
    [InlineData("a\0b", false, 0xC0000033u)]
    [InlineData("\\srvsvc", true, 0x00000000u)]
    public void ValidateNameRefusesALeadingSeparatorOnDisks(string name, bool ipc, uint expected)
        => Assert.Equal(new NtStatus(expected), Smb2Create.ValidateName(name, ipc));

    [Fact]
    public void ContextsAskForMaximalAccessOnDiskIdAndAllocation()
    {
        var alloc = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(alloc, 1 << 20);
        var status = ReadContexts(Contexts(("MxAc", []), ("QFid", []), ("AlSi", alloc), ("DHnQ", new byte[16]), ("RqLs", new byte[32]), ("Zzzz", [1, 2, 3])),
            Smb2Dialect.Smb210, ipc: false, out var requests);
        Assert.Equal(NtStatus.Success, status);
        Assert.True(requests.QueryMaximalAccess);
        Assert.True(requests.QueryOnDiskId);
        Assert.Equal(1 << 20, requests.AllocationSize);
    }

    [Theory]
    [InlineData("MxAc", 4, 0xC000000Du)]  // neither empty nor an 8-byte timestamp
    [InlineData("MxAc", 8, 0x00000000u)]
    [InlineData("QFid", 1, 0xC000000Du)]
    [InlineData("AlSi", 4, 0xC000000Du)]
    [InlineData("DHnQ", 15, 0xC000000Du)]
    [InlineData("DHnC", 16, 0xC0000034u)] // nothing to reconnect: OBJECT_NAME_NOT_FOUND
    [InlineData("DHnC", 8, 0xC000000Du)]
    [InlineData("TWrp", 8, 0xC0000034u)] // no previous versions
    [InlineData("TWrp", 7, 0xC000000Du)]
    [InlineData("ExtA", 12, 0x80000013u)] // an entry with an empty name: INVALID_EA_NAME
    [InlineData("ExtA", 7, 0x80000014u)]  // shorter than an entry header: EA_LIST_INCONSISTENT
    [InlineData("ExtA", 0, 0x00000000u)]
    [InlineData("SecD", 12, 0xC000000Du)] // shorter than a security descriptor
    [InlineData("DH2Q", 3, 0x00000000u)]  // a 3.x context: unknown on 2.1, ignored
    public void ContextChecksOnA21Disk(string name, int dataLength, uint expected)
    {
        var data = new byte[dataLength];
        var status = ReadContexts(Contexts((name, data)), Smb2Dialect.Smb210, ipc: false, out _);
        Assert.Equal(new NtStatus(expected), status);
    }

    [Fact]
    public void ASelfRelativeSecurityDescriptorIsAcceptedAndNotApplied()
    {
        var sd = new byte[20];
        sd[0] = 1; // Revision
        Assert.Equal(NtStatus.Success, ReadContexts(Contexts(("SecD", sd)), Smb2Dialect.Smb210, false, out _));
    }

    [Fact]
    public void DurableV1AndV2TogetherAreInvalidOn30()
    {
        var status = ReadContexts(Contexts(("DHnQ", new byte[16]), ("DH2Q", new byte[32])), Smb2Dialect.Smb300, false, out _);
        Assert.Equal(NtStatus.InvalidParameter, status);
        Assert.Equal(NtStatus.ObjectNameNotFound, ReadContexts(Contexts(("DH2C", new byte[36])), Smb2Dialect.Smb300, false, out _));
    }

    [Fact]
    public void OnIpcOnlyDurableReconnectsCount()
    {
        Assert.Equal(NtStatus.Success, ReadContexts(Contexts(("TWrp", new byte[3]), ("ExtA", new byte[9]), ("MxAc", [])), Smb2Dialect.Smb210, true, out var requests));
        Assert.False(requests.QueryMaximalAccess);
        Assert.Equal(NtStatus.ObjectNameNotFound, ReadContexts(Contexts(("DHnC", new byte[16])), Smb2Dialect.Smb210, true, out _));
    }

    [Fact]
    public void ResponseContextsHaveTheWireLayout()
    {
        var message = new byte[Smb2Request.BodyOffset + Smb2Wire.BodyLength(Smb2CreateResponse.StructureSize, Smb2Create.MaxResponseContextsLength)];
        int start = Smb2CreateResponse.CreateContextsStart(Smb2Request.BodyOffset);
        Assert.Equal(152, start);
        int length = Smb2Create.WriteResponseContexts(message.AsSpan(start), new Smb2Create.ContextRequests(true, true, 0),
            0x001200A9, 0x1122334455667788, 0x0102030405060708);
        Assert.Equal(Smb2Create.MaxResponseContextsLength, length);
        var response = new Smb2CreateResponse(Smb2OplockLevel.None, 0, Smb2CreateAction.Opened, 1, 2, 3, 4, 5, 6, 0x20,
            new Smb2FileId(9, 10), 0, 0);
        int bodyLength = response.WriteFixedPart(message, Smb2Request.BodyOffset, length);

        Assert.True(Smb2CreateResponse.TryParse(message.AsSpan(0, Smb2Request.BodyOffset + bodyLength), Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(152u, parsed.CreateContextsOffset);
        var seen = new List<string>();
        foreach (var context in parsed.GetCreateContexts(message))
        {
            var data = context.GetData(message);
            if (context.NameIs(message, "MxAc"u8))
            {
                Assert.Equal(8, data.Length);
                Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(data));          // QueryStatus
                Assert.Equal(0x001200A9u, BinaryPrimitives.ReadUInt32LittleEndian(data[4..])); // MaximalAccess
            }
            else if (context.NameIs(message, "QFid"u8))
            {
                Assert.Equal(32, data.Length);
                Assert.Equal(0x1122334455667788ul, BinaryPrimitives.ReadUInt64LittleEndian(data));
                Assert.Equal(0x0102030405060708ul, BinaryPrimitives.ReadUInt64LittleEndian(data[8..]));
                Assert.True(data[16..].IndexOfAnyExcept((byte)0) < 0);
            }
            seen.Add(Encoding.ASCII.GetString(context.GetName(message)));
        }
        Assert.Equal(["MxAc", "QFid"], seen);

        var empty = new byte[64];
        Assert.Equal(0, Smb2Create.WriteResponseContexts(empty, default, 0, 0, 0));
    }

    [Fact]
    public void VolumeIdIsStablePerShare()
    {
        Assert.Equal(Smb2Create.VolumeIdOf("/srv/s"), Smb2Create.VolumeIdOf("/srv/s"));
        Assert.NotEqual(Smb2Create.VolumeIdOf("/srv/s"), Smb2Create.VolumeIdOf("/srv/t"));
        Assert.Equal(0xCBF29CE484222325ul, Smb2Create.VolumeIdOf("")); // FNV-1a offset basis
    }

    [Fact]
    public void SupersedeThatReplacedAFileReportsSuperseded()
    {
        Assert.Equal(Smb2CreateAction.Superseded, Smb2Create.ResponseAction(Smb2CreateDisposition.Supersede, Smb2CreateAction.Overwritten));
        Assert.Equal(Smb2CreateAction.Overwritten, Smb2Create.ResponseAction(Smb2CreateDisposition.OverwriteIf, Smb2CreateAction.Overwritten));
        Assert.Equal(Smb2CreateAction.Created, Smb2Create.ResponseAction(Smb2CreateDisposition.Supersede, Smb2CreateAction.Created));
    }

    // ---- the handler over a fake backend --------------------------------------------------------

    private static Smb2Request CreateRequest(Smb2TestHarness h, string name, byte[]? contexts = null, Smb2CreateRequest? request = null)
        => h.Request(Smb2Command.Create, (m, o) => (request ?? Request()).Write(m, o, name, contexts ?? []));

    [Theory]
    [InlineData(Smb2OplockLevel.None, false, Smb2OplockLevel.None)]
    [InlineData(Smb2OplockLevel.II, false, Smb2OplockLevel.II)]
    [InlineData(Smb2OplockLevel.Exclusive, false, Smb2OplockLevel.Exclusive)]
    [InlineData(Smb2OplockLevel.Batch, false, Smb2OplockLevel.Batch)]
    [InlineData(Smb2OplockLevel.Lease, false, Smb2OplockLevel.None)]
    [InlineData((Smb2OplockLevel)0x05, false, Smb2OplockLevel.None)]
    [InlineData(Smb2OplockLevel.Batch, true, Smb2OplockLevel.None)]
    public void TheRequestedOplockGoesToTheBackendExceptLeasesAndPipes(Smb2OplockLevel requested, bool ipc, Smb2OplockLevel expected)
        => Assert.Equal(expected, Smb2Create.RequestedOplock(requested, ipc));

    [Fact]
    public void CreateOpensRegistersAndAnswers()
    {
        using var h = new Smb2TestHarness();
        var alloc = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(alloc, 4096);
        var r = CreateRequest(h, "dir\\file.txt", Contexts(("MxAc", []), ("QFid", []), ("AlSi", alloc)));
        Assert.Equal(NtStatus.Success, h.Run(Smb2Create.Handle, r));

        var args = h.Backend.LastCreate;
        Assert.Equal("dir\\file.txt", args.Path);
        Assert.Equal(0x0012019Fu, args.DesiredAccess);
        Assert.Equal(Smb2CreateDisposition.OpenIf, args.CreateDisposition);
        Assert.Equal(Smb2CreateOptions.NonDirectoryFile, args.CreateOptions);
        Assert.Equal(Smb2OplockLevel.Batch, args.RequestedOplockLevel); // the backend decides what is granted
        Assert.Equal(4096, args.AllocationSize);
        // A CREATE may wait for an oplock break; the backend says when, through GoingAsync.
        Assert.True(h.Backend.LastRequest!.MayGoAsync);
        Assert.NotNull(h.Backend.LastRequest!.GoingAsync);

        var response = Smb2TestHarness.Response(r);
        Assert.True(Smb2CreateResponse.TryParse(response, Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(Smb2OplockLevel.None, parsed.OplockLevel);
        Assert.Equal(Smb2CreateAction.Opened, parsed.CreateAction);
        Assert.Equal(FakeBackend.Metadata.CreationTime, parsed.CreationTime);
        Assert.Equal(FakeBackend.Metadata.ChangeTime, parsed.ChangeTime);
        Assert.Equal(5000, parsed.EndOfFile);
        Assert.Equal(8192, parsed.AllocationSize);
        Assert.Equal((uint)Protocol.Fscc.FileAttributes.Archive, parsed.FileAttributes);
        var open = Assert.Single(h.Connection.Opens.Values);
        Assert.Equal(new Smb2FileId(open.PersistentId, open.VolatileId), parsed.FileId);
        Assert.Equal(parsed.FileId, r.FileIdForNext);
        Assert.Same(h.Session, open.Session);
        Assert.Same(h.Tree, open.Tree);
        Assert.Equal(1, h.Server.OpenFiles);

        int contexts = 0;
        foreach (var context in parsed.GetCreateContexts(response))
        {
            contexts++;
            if (context.NameIs(response, "MxAc"u8))
                Assert.Equal(0x001F01FFu, BinaryPrimitives.ReadUInt32LittleEndian(context.GetData(response)[4..]));
            else
                Assert.Equal(Smb2Create.VolumeIdOf("/srv/s"), BinaryPrimitives.ReadUInt64LittleEndian(context.GetData(response)[8..]));
        }
        Assert.Equal(2, contexts);
    }

    [Fact]
    public void MaximalAccessNeverExceedsTheShare()
    {
        using var h = new Smb2TestHarness();
        var readOnly = new Smb2Tree(Smb2TestHarness.TreeId, h.Tree.Share, h.Tree.Ntvfs, false) { MaximalAccess = 0x001200A9 };
        h.Session.Trees[Smb2TestHarness.TreeId] = readOnly;
        var r = CreateRequest(h, "f", Contexts(("MxAc", [])));
        r.Tree = readOnly;
        Assert.Equal(NtStatus.Success, h.Run(Smb2Create.Handle, r));
        var response = Smb2TestHarness.Response(r);
        Assert.True(Smb2CreateResponse.TryParse(response, Smb2Request.BodyOffset, out var parsed, out _));
        foreach (var context in parsed.GetCreateContexts(response))
            Assert.Equal(0x001200A9u, BinaryPrimitives.ReadUInt32LittleEndian(context.GetData(response)[4..]));
    }

    [Fact]
    public void ARefusedCreateNeverReachesTheBackend()
    {
        using var h = new Smb2TestHarness();
        var r = CreateRequest(h, "\\file.txt");
        Assert.Equal(NtStatus.InvalidParameter, h.Run(Smb2Create.Handle, r));
        Assert.Empty(h.Backend.Calls);
        Assert.Null(r.FileIdForNext);
    }

    [Fact]
    public void ABackendErrorRegistersNothing()
    {
        using var h = new Smb2TestHarness();
        h.Backend.OnCreate = (_, _) => (NtStatus.ObjectNameNotFound, default);
        var r = CreateRequest(h, "missing");
        Assert.Equal(NtStatus.ObjectNameNotFound, h.Run(Smb2Create.Handle, r));
        Assert.Empty(h.Connection.Opens);
        Assert.Equal(0, h.Server.OpenFiles);
    }

    [Fact]
    public void MaxOpenFilesIsEnforcedPerSession()
    {
        using var h = new Smb2TestHarness(limits: new ServerLimits { MaxOpensPerSession = 1 });
        h.AddOpen();
        Assert.Equal(NtStatus.TooManyOpenedFiles, h.Run(Smb2Create.Handle, CreateRequest(h, "second")));
        Assert.Empty(h.Backend.Calls);
    }

    [Fact]
    public void PipeNamesLoseOneLeadingBackslash()
    {
        using var h = new Smb2TestHarness(ipc: true);
        Assert.Equal(NtStatus.Success, h.Run(Smb2Create.Handle, CreateRequest(h, "\\srvsvc", Contexts(("TWrp", new byte[8])))));
        Assert.Equal("srvsvc", h.Backend.LastCreate.Path);
    }

    [Fact]
    public void ACancelledCreateClosesWhatTheBackendOpensLater()
    {
        using var h = new Smb2TestHarness();
        h.Backend.HoldNext = true;
        var r = CreateRequest(h, "slow");
        var req = h.Start(Smb2Create.Handle, r);
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        Assert.True(req.Cancel());
        Assert.Equal(NtStatus.Cancelled, h.Finish(req));

        var handle = new FakeHandle(h.Tree.Ntvfs, "slow", false, 0x1F01FF);
        NtvfsOp.Complete(h.Backend.Held!, NtStatus.Success,
            new NtvfsCreateResult(handle, Smb2CreateAction.Created, FakeBackend.Metadata, Smb2OplockLevel.None, 0x1F01FF));
        h.Ev.LoopUntil(() => h.Backend.Calls.Contains("close"));
        Assert.Empty(h.Connection.Opens);
        Assert.Equal(0, h.Server.OpenFiles);
    }
}
