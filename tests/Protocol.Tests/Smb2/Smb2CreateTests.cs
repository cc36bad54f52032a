using System.Buffers.Binary;
using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

public class Smb2CreateTests
{
    private static readonly Smb2CreateRequest Template = new(
        SecurityFlags: 0, RequestedOplockLevel: Smb2OplockLevel.Batch, ImpersonationLevel: Smb2ImpersonationLevel.Impersonation,
        SmbCreateFlags: 0, DesiredAccess: 0x00120089, FileAttributes: 0x80,
        ShareAccess: Smb2ShareAccess.Read | Smb2ShareAccess.Write, CreateDisposition: Smb2CreateDisposition.OpenIf,
        CreateOptions: Smb2CreateOptions.NonDirectoryFile, NameOffset: 0, NameLength: 0, CreateContextsOffset: 0,
        CreateContextsLength: 0);

    private static byte[] Contexts()
    {
        var buffer = new byte[256];
        var writer = new Smb2CreateContextWriter(buffer);
        writer.Add(Smb2CreateContextNames.QueryMaximalAccessRequest, ReadOnlySpan<byte>.Empty);
        writer.Add(Smb2CreateContextNames.RequestLease, Hex.Bytes("0102030405060708090A0B0C0D0E0F10 07000000 00000000 0000000000000000"));
        writer.Add(Smb2CreateContextNames.AppInstanceId, new byte[20]);
        return buffer[..writer.Length];
    }

    private static Smb2TestMessage Request(string name, byte[] contexts)
        => Smb2TestMessage.Build(Smb2Command.Create, (msg, o) => Template.Write(msg, o, name, contexts));

    [Fact]
    public void ContextWriterLaysOutTheChainAsTheSpecSays()
    {
        var chain = Contexts();
        // MxAc: header and name, Next = 24 (20 rounded to 8), no data.
        Assert.Equal("18000000 1000 0400 0000 0000 00000000 4D784163 00000000".Replace(" ", ""), Convert.ToHexString(chain, 0, 24));
        // RqLs at 24: name at 16, data at 24, 32 bytes of data; Next = 56.
        Assert.Equal("38000000 1000 0400 0000 1800 20000000 52714C73 00000000".Replace(" ", ""), Convert.ToHexString(chain, 24, 24));
        // The GUID-named context at 80: data at 32, Next 0.
        Assert.Equal("00000000 1000 1000 0000 2000 14000000".Replace(" ", ""), Convert.ToHexString(chain, 80, 16));
        Assert.Equal(80 + 32 + 20, chain.Length);
    }

    [Fact]
    public void RequestRoundTripsWithNameAndContexts()
    {
        var contexts = Contexts();
        var m = Request(@"dir\file.txt", contexts);
        Assert.True(Smb2CreateRequest.TryParse(m.Message, 64, out var request, out var error), error.ToString());
        Assert.Equal(Template with
        {
            NameOffset = 0x78, NameLength = 24, CreateContextsOffset = 0x78 + 24, CreateContextsLength = (uint)contexts.Length,
        }, request);
        Assert.Equal(@"dir\file.txt", request.GetNameString(m.Message));

        var names = new List<string>();
        var data = new List<int>();
        foreach (var c in request.GetCreateContexts(m.Message))
        {
            names.Add(Convert.ToHexString(c.GetName(m.Message)));
            data.Add(c.GetData(m.Message).Length);
            Assert.Equal(0, (c.NameOffset - (int)request.CreateContextsOffset) % 8);
        }
        Assert.Equal(["4D784163", "52714C73", Convert.ToHexString(Smb2CreateContextNames.AppInstanceId)], names);
        Assert.Equal([0, 32, 20], data);
    }

    [Fact]
    public void ContextsStartEightByteAlignedAfterAnOddLengthName()
    {
        var m = Request("a", Contexts());
        Assert.True(Smb2CreateRequest.TryParse(m.Message, 64, out var request, out _));
        Assert.Equal(0x78u + 8, request.CreateContextsOffset);
        Assert.Equal(0, m.Message[0x78 + 2]);   // padding after the name is zeroed
        var first = default(Smb2CreateContext);
        foreach (var c in request.GetCreateContexts(m.Message)) { first = c; break; }
        Assert.True(first.NameIs(m.Message, "MxAc"u8));
        Assert.False(first.NameIs(m.Message, "MxA"u8));
    }

    [Fact]
    public void RequestForTheShareRootHasAnEmptyName()
    {
        var m = Request("", []);
        Assert.Equal(57, m.Length - 64);
        Assert.True(Smb2CreateRequest.TryParse(m.Message, 64, out var request, out _));
        Assert.True(request.GetName(m.Message).IsEmpty);
        Assert.Equal(0u, request.CreateContextsLength);
        int seen = 0;
        foreach (var _ in request.GetCreateContexts(m.Message)) seen++;
        Assert.Equal(0, seen);
    }

    [Theory]
    [InlineData(0x78, 3)]        // odd length
    [InlineData(0x78, 0x400)]    // past the end
    [InlineData(0x70, 4)]        // inside the fixed part
    [InlineData(0xFFFF, 0xFFFE)]
    public void NameOutsideItsPlaceIsInvalid(ushort offset, ushort length)
    {
        var m = Request("file", []);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[44..], offset);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[46..], length);
        AssertInvalid(m);
    }

    [Theory]
    [InlineData(0u, 1u)]                    // past the end
    [InlineData(0xFFFFFFF0u, 0x20u)]        // offset + length overflows 32 bits
    [InlineData(0x20u, 0u)]                 // inside the header
    [InlineData(0u, 0xFFFFFFFFu)]
    public void ContextRangeOutsideTheMessageIsInvalid(uint offsetOrZero, uint extraLength)
    {
        var m = Request("f", Contexts());
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(m.Body[48..]);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(m.Body[52..]);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[48..], offsetOrZero == 0 ? offset : offsetOrZero);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[52..], extraLength == 0 ? length : unchecked(length + extraLength));
        AssertInvalid(m);
    }

    // Corruptions of the first context (at 0x80 for the name "f"), each breaking one rule of 2.2.13.2.
    [Theory]
    [InlineData(0, 20u)]            // Next not a multiple of 8
    [InlineData(0, 8u)]             // Next shorter than a context header
    [InlineData(0, 0x1000u)]        // Next past the chain
    [InlineData(0, 0x80000000u)]    // Next huge
    [InlineData(4, 8u)]             // NameOffset inside the header
    [InlineData(4, 22u)]            // name runs past its context (Next = 24)
    [InlineData(6, 0u)]             // no name
    [InlineData(6, 0xFFFFu)]        // NameLength huge
    [InlineData(10, 16u)]           // data on top of the name (DataLength made 4 below)
    [InlineData(12, 0xFFFFFFFFu)]   // DataLength huge
    public void MalformedContextIsInvalid(int field, uint value)
    {
        var m = Request("f", Contexts());
        var context = m.Bytes[0x80..];
        if (field == 10) BinaryPrimitives.WriteUInt32LittleEndian(context[12..], 4);
        if (field is 4 or 6 or 10) BinaryPrimitives.WriteUInt16LittleEndian(context[field..], (ushort)value);
        else BinaryPrimitives.WriteUInt32LittleEndian(context[field..], value);
        AssertInvalid(m);
    }

    [Fact]
    public void LastContextDataPastTheChainIsInvalid()
    {
        var m = Request("f", Contexts());
        // The third context's DataLength grows by one byte past CreateContextsLength.
        BinaryPrimitives.WriteUInt32LittleEndian(m.Bytes[(0x80 + 80 + 12)..], 21);
        AssertInvalid(m);
    }

    [Fact]
    public void TruncatedRequestIsInvalid()
    {
        var m = Request("f", Contexts());
        for (int cut = 1; cut <= m.Length - 64; cut++)
            AssertInvalid(m.Truncated(cut));
    }

    [Fact]
    public void ResponseRoundTripsWithContextsBuiltInPlace()
    {
        var response = new Smb2CreateResponse(Smb2OplockLevel.II, Smb2CreateResponseFlags.None, Smb2CreateAction.Created,
            CreationTime: 1, LastAccessTime: 2, LastWriteTime: 3, ChangeTime: 4, AllocationSize: 4096, EndOfFile: 5,
            FileAttributes: 0x20, FileId: new Smb2FileId(0x11, 0x22), CreateContextsOffset: 0, CreateContextsLength: 0);
        var m = Smb2TestMessage.Build(Smb2Command.Create, (msg, o) =>
        {
            var writer = new Smb2CreateContextWriter(msg[Smb2CreateResponse.CreateContextsStart(o)..]);
            var maximalAccess = writer.Add(Smb2CreateContextNames.QueryMaximalAccessRequest, 8);
            BinaryPrimitives.WriteUInt32LittleEndian(maximalAccess, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(maximalAccess[4..], 0x001F01FF);
            writer.Add(Smb2CreateContextNames.QueryOnDiskId, new byte[32]);
            return response.WriteFixedPart(msg, o, writer.Length);
        });
        Assert.Equal("11000000000000002200000000000000", Convert.ToHexString(m.Body.Slice(64, 16)));
        Assert.True(Smb2CreateResponse.TryParse(m.Message, 64, out var parsed, out var error), error.ToString());
        Assert.Equal(response with { CreateContextsOffset = 152, CreateContextsLength = 32 + 56 }, parsed);
        var names = new List<string>();
        foreach (var c in parsed.GetCreateContexts(m.Message)) names.Add(System.Text.Encoding.ASCII.GetString(c.GetName(m.Message)));
        Assert.Equal(["MxAc", "QFid"], names);
    }

    [Fact]
    public void ResponseWithoutContextsHasZeroOffsetAndLength()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Create, (msg, o) => new Smb2CreateResponse { FileId = new Smb2FileId(1, 2) }.Write(msg, o));
        Assert.Equal(89, m.Length - 64);
        Assert.Equal("0000000000000000", Convert.ToHexString(m.Body.Slice(80, 8)));
        Assert.True(Smb2CreateResponse.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(new Smb2FileId(1, 2), parsed.FileId);
    }

    [Fact]
    public void ResponseWithBadContextsIsInvalid()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Create, (msg, o) => new Smb2CreateResponse().Write(msg, o, Contexts()));
        BinaryPrimitives.WriteUInt32LittleEndian(m.Bytes[152..], 12);
        Assert.False(Smb2CreateResponse.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    private static void AssertInvalid(Smb2TestMessage m)
    {
        Assert.False(Smb2CreateRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }
}
