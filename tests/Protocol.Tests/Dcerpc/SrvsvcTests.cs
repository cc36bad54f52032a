using System.Buffers.Binary;
using Protocol.Dcerpc;
using Protocol.Dcerpc.Ndr;
using Protocol.Dcerpc.Srvsvc;
using static Protocol.Tests.Dcerpc.DcerpcTestClient;

namespace Protocol.Tests.Dcerpc;

public class SrvsvcTests
{
    private readonly TestSources _sources = new();

    private DcerpcPipe BoundPipe()
    {
        var pipe = new DcerpcPipe("srvsvc", [new SrvsvcInterface(_sources)]);
        BindTo(pipe, SrvsvcSyntax);
        return pipe;
    }

    // Our response stubs against Samba's marshaller packing the same data (Fixtures/make_fixtures.py).
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(502)]
    public void NetShareEnumAllMatchesSambaByteForByte(int level)
    {
        byte[] request = level switch
        {
            1 => SambaFixtures.NetShareEnumAllLevel1Request,
            2 => SambaFixtures.NetShareEnumAllLevel2Request,
            _ => SambaFixtures.NetShareEnumAllLevel502Request,
        };
        byte[] expected = level switch
        {
            1 => SambaFixtures.NetShareEnumAllLevel1Response,
            2 => SambaFixtures.NetShareEnumAllLevel2Response,
            _ => SambaFixtures.NetShareEnumAllLevel502Response,
        };
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(Call(BoundPipe(), 15, request)));
    }

    [Fact]
    public void NetShareEnumAllLevel1DecodesToTheShares()
    {
        var stub = Call(BoundPipe(), 15, SambaFixtures.NetShareEnumAllLevel1Request);
        var (level, shares, total, resume, result) = TestStubDecoder.ShareEnum(stub);

        Assert.Equal(1u, level);
        Assert.Equal(0u, result);
        Assert.Equal(3u, total);
        Assert.Equal(0u, resume);
        Assert.Equal(["IPC$", "data", "public"], shares.Select(s => s.Name));
        Assert.Equal([0x80000003u, 0u, 0u], shares.Select(s => s.Type));
        Assert.Equal(["IPC Service (Samba Server)", "Data share", ""], shares.Select(s => s.Comment));
    }

    [Fact]
    public void NetShareEnumAllLevel2And502CarryWindowsStylePaths()
    {
        var pipe = BoundPipe();
        foreach (var request in new[] { SambaFixtures.NetShareEnumAllLevel2Request, SambaFixtures.NetShareEnumAllLevel502Request })
        {
            var (_, shares, _, _, result) = TestStubDecoder.ShareEnum(Call(pipe, 15, request));
            Assert.Equal(0u, result);
            Assert.Equal(["", @"C:\srv\data", @"C:\srv\public"], shares.Select(s => s.Path));
            Assert.All(shares, s => Assert.Equal(ShareInfo.UnlimitedUses, s.MaxUses));
            Assert.All(shares, s => Assert.Equal(0u, s.CurrentUses));
        }
    }

    [Fact]
    public void NonBrowseableShareIsNotEnumeratedButGetInfoFindsIt()
    {
        _sources.ShareList.Add(new ShareInfo("secret", ShareType.DiskTree, "hidden", "/srv/secret", Browseable: false));
        var pipe = BoundPipe();

        var (_, shares, total, _, _) = TestStubDecoder.ShareEnum(Call(pipe, 15, SambaFixtures.NetShareEnumAllLevel1Request));
        Assert.DoesNotContain(shares, s => s.Name == "secret");
        Assert.Equal(3u, total);

        var info = Call(pipe, 16, ShareGetInfoRequest("SECRET", 1));
        var d = new TestStubDecoder(info);
        Assert.Equal(1u, d.U32());
        Assert.True(d.Pointer());
        Assert.True(d.Pointer());
        Assert.Equal(0u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal("secret", d.String());
        Assert.Equal("hidden", d.String());
        Assert.Equal(Win32Error.Success, d.U32());
        Assert.True(d.AtEnd);
    }

    [Fact]
    public void PreferedMaximumLengthSplitsTheListAndResumeHandleContinuesIt()
    {
        for (int i = 0; i < 20; i++)
            _sources.ShareList.Add(new ShareInfo($"share{i:D2}", ShareType.DiskTree, "a share with a comment", $"/srv/s{i}"));
        var pipe = BoundPipe();
        var names = new List<string>();
        uint resume = 0;
        int calls = 0;
        while (true)
        {
            var (_, shares, total, nextResume, result) =
                TestStubDecoder.ShareEnum(Call(pipe, 15, ShareEnumRequest(1, preferredMaximumLength: 300, resume)));
            calls++;
            Assert.Equal(23u, total);
            Assert.NotEmpty(shares);
            names.AddRange(shares.Select(s => s.Name));
            if (result == Win32Error.Success)
            {
                Assert.Equal(0u, nextResume);
                break;
            }
            Assert.Equal(Win32Error.MoreData, result);
            Assert.NotEqual(0u, nextResume!.Value);
            resume = nextResume.Value;
            Assert.True(calls < 30);
        }
        Assert.True(calls > 1);
        Assert.Equal(_sources.ShareList.Select(s => s.Name), names);
    }

    [Fact]
    public void PreferedMaximumLengthTooSmallStillReturnsOneEntry()
    {
        var (_, shares, _, resume, result) = TestStubDecoder.ShareEnum(Call(BoundPipe(), 15, ShareEnumRequest(1, 1, 0)));
        Assert.Single(shares);
        Assert.Equal(Win32Error.MoreData, result);
        Assert.Equal(1u, resume);
    }

    [Fact]
    public void NetShareEnumWithoutResumeHandleAnswersNullResumeHandle()
    {
        var (_, shares, _, resume, result) =
            TestStubDecoder.ShareEnum(Call(BoundPipe(), 15, ShareEnumRequest(1, 0xFFFFFFFF, null)));
        Assert.Equal(3, shares.Count);
        Assert.Null(resume);
        Assert.Equal(0u, result);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    [InlineData(503)]
    public void NetShareEnumOtherLevelsSucceed(int level)
    {
        var stub = Call(BoundPipe(), 15, ShareEnumRequest((uint)level, 0xFFFFFFFF, 0));
        Assert.Equal((uint)level, BinaryPrimitives.ReadUInt32LittleEndian(stub));
        Assert.Equal(Win32Error.Success, BinaryPrimitives.ReadUInt32LittleEndian(stub.AsSpan(stub.Length - 4)));
    }

    [Fact]
    public void NetShareEnumLevel0ListsNamesOnly()
    {
        var d = new TestStubDecoder(Call(BoundPipe(), 15, ShareEnumRequest(0, 0xFFFFFFFF, 0)));
        Assert.Equal(0u, d.U32());
        Assert.Equal(0u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(3u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(3u, d.U32());
        for (int i = 0; i < 3; i++) Assert.True(d.Pointer());
        Assert.Equal(["IPC$", "data", "public"], new[] { d.String(), d.String(), d.String() });
        Assert.Equal(3u, d.U32());
    }

    [Theory]
    [InlineData(3u, false)]
    [InlineData(1005u, true)]
    public void NetShareEnumUnknownLevelIsInvalidLevel(uint level, bool hasArm)
    {
        var d = new TestStubDecoder(Call(BoundPipe(), 15, ShareEnumRequest(level, 0xFFFFFFFF, 0, container: hasArm)));
        Assert.Equal(level, d.U32());
        Assert.Equal(level, d.U32());
        if (hasArm) Assert.False(d.Pointer());
        Assert.Equal(0u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(0u, d.U32());
        Assert.Equal(Win32Error.InvalidLevel, d.U32());
        Assert.True(d.AtEnd);
    }

    [Fact]
    public void NetShareEnumSkipsAnInputArrayTheClientSent()
    {
        // A client may send a non-empty container on input; its NDR must be walked to reach the later parameters.
        var w = new NdrWriter();
        w.WritePointer(false);              // ServerName NULL
        w.WriteUInt32(1);
        w.WriteUInt32(1);
        w.WritePointer(true);               // container
        w.WriteUInt32(1);                   // EntriesRead
        w.WritePointer(true);               // Buffer
        w.WriteConformance(1);
        w.WritePointer(true);
        w.WriteUInt32(0);
        w.WritePointer(true);
        w.WriteConformantVaryingString("x");
        w.WriteConformantVaryingString("y");
        w.WriteUInt32(0xFFFFFFFF);
        w.WritePointer(true);
        w.WriteUInt32(0);

        var (_, shares, _, resume, result) = TestStubDecoder.ShareEnum(Call(BoundPipe(), 15, w.WrittenSpan.ToArray()));
        Assert.Equal(3, shares.Count);
        Assert.Equal(0u, resume);
        Assert.Equal(0u, result);
    }

    [Fact]
    public void NetShareGetInfoUnknownShareMatchesSamba()
    {
        var stub = Call(BoundPipe(), 16, SambaFixtures.NetShareGetInfoMissingRequest);
        Assert.Equal(Convert.ToHexString(SambaFixtures.NetShareGetInfoMissingResponse), Convert.ToHexString(stub));
        Assert.Equal(0x906u, BinaryPrimitives.ReadUInt32LittleEndian(stub.AsSpan(8)));
    }

    [Fact]
    public void NetShareGetInfoBadLevelIsInvalidLevel()
    {
        var stub = Call(BoundPipe(), 16, ShareGetInfoRequest("data", 7));
        // Level 7 has no arm in SHARE_INFO: the discriminant, then ERROR_INVALID_LEVEL.
        Assert.Equal("070000007C000000", Convert.ToHexString(stub));
    }

    [Theory]
    [InlineData(0u, new[] { "data" })]
    [InlineData(1u, new[] { "data", "Data share" })]
    [InlineData(2u, new[] { "data", "Data share", @"C:\srv\data" })]
    [InlineData(501u, new[] { "data", "Data share" })]
    [InlineData(502u, new[] { "data", "Data share", @"C:\srv\data" })]
    [InlineData(503u, new[] { "data", "Data share", @"C:\srv\data", "*" })]
    [InlineData(1004u, new[] { "Data share" })]
    [InlineData(1005u, new string[0])]
    [InlineData(1006u, new string[0])]
    public void NetShareGetInfoLevels(uint level, string[] strings)
    {
        var stub = Call(BoundPipe(), 16, ShareGetInfoRequest("DATA", level));
        var d = new TestStubDecoder(stub);
        Assert.Equal(level, d.U32());
        Assert.True(d.Pointer());
        int scalars = level switch { 0 => 1, 1 => 3, 2 => 8, 501 => 4, 502 => 10, 503 => 11, _ => 1 };
        var raw = Enumerable.Range(0, scalars).Select(_ => d.U32()).ToArray();
        if (level == 1005) Assert.Equal(0u, raw[0]);
        if (level == 1006) Assert.Equal(ShareInfo.UnlimitedUses, raw[0]);
        Assert.Equal(strings, strings.Select(_ => d.String()).ToArray());
        Assert.Equal(Win32Error.Success, d.U32());
        Assert.True(d.AtEnd);
    }

    [Fact]
    public void NetSrvGetInfo101MatchesSamba()
    {
        var stub = Call(BoundPipe(), 21, SambaFixtures.NetSrvGetInfoLevel101Request);
        Assert.Equal(Convert.ToHexString(SambaFixtures.NetSrvGetInfoLevel101Response), Convert.ToHexString(stub));

        var d = new TestStubDecoder(stub);
        Assert.Equal(101u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(500u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(6u, d.U32());
        Assert.Equal(1u, d.U32());
        Assert.Equal(0x9a03u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal("FILESERVER", d.String());
        Assert.Equal("Samba Server", d.String());
        Assert.Equal(0u, d.U32());
    }

    [Fact]
    public void NetSrvGetInfo100And102()
    {
        var pipe = BoundPipe();
        var d = new TestStubDecoder(Call(pipe, 21, ServerLevelRequest(100)));
        Assert.Equal(100u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(500u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal("FILESERVER", d.String());
        Assert.Equal(0u, d.U32());
        Assert.True(d.AtEnd);

        d = new TestStubDecoder(Call(pipe, 21, ServerLevelRequest(102)));
        Assert.Equal(102u, d.U32());
        Assert.True(d.Pointer());
        var scalars = Enumerable.Range(0, 13).Select(_ => d.U32()).ToArray();
        Assert.Equal(500u, scalars[0]);
        Assert.Equal(0xFFFFFFFFu, scalars[7]); // sv102_disc = SV_NODISC
        Assert.Equal(240u, scalars[9]);
        Assert.Equal(["FILESERVER", "Samba Server", "C:\\"], new[] { d.String(), d.String(), d.String() });
        Assert.Equal(0u, d.U32());
        Assert.True(d.AtEnd);

        // 103 is 102 plus sv103_capabilities.
        d = new TestStubDecoder(Call(pipe, 21, ServerLevelRequest(103)));
        Assert.Equal(103u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(0u, Enumerable.Range(0, 14).Select(_ => d.U32()).ToArray()[^1]);
        Assert.Equal(["FILESERVER", "Samba Server", "C:\\"], new[] { d.String(), d.String(), d.String() });
        Assert.Equal(0u, d.U32());
        Assert.True(d.AtEnd);
    }

    [Theory]
    [InlineData(502u, true)]
    [InlineData(7u, false)]
    public void NetSrvGetInfoUnsupportedLevel(uint level, bool hasArm)
    {
        var d = new TestStubDecoder(Call(BoundPipe(), 21, ServerLevelRequest(level)));
        Assert.Equal(level, d.U32());
        if (hasArm) Assert.False(d.Pointer());
        Assert.Equal(Win32Error.InvalidLevel, d.U32());
        Assert.True(d.AtEnd);
    }

    [Fact]
    public void UnknownOpnumFaultsWithOpRangeError()
    {
        var pipe = BoundPipe();
        pipe.Write(Request(9, 0, 53, []));
        var fault = ParseFault(ReadSingle(pipe));
        Assert.Equal(0x1C010002u, fault.Status);
        Assert.Equal(9u, fault.CallId);
        Assert.NotEqual(0, fault.Flags & 0x20); // PFC_DID_NOT_EXECUTE
    }

    [Theory]
    [MemberData(nameof(MalformedStubs))]
    public void MalformedStubFaultsWithFaultNdr(ushort opnum, byte[] stub)
    {
        var pipe = BoundPipe();
        pipe.Write(Request(4, 0, opnum, stub));
        Assert.Equal(0x000006F7u, ParseFault(ReadSingle(pipe)).Status);
    }

    public static TheoryData<ushort, byte[]> MalformedStubs()
    {
        var full = SambaFixtures.NetShareEnumAllLevel1Request;
        var data = new TheoryData<ushort, byte[]>
        {
            { 15, [] },
            { 15, full[..^4] },                                      // truncated resume handle
            { 15, full[..30] },                                      // inside the server name
            { 16, SambaFixtures.NetShareGetInfoMissingRequest[..^4] }, // no level
            { 21, [0, 0, 0, 0] },                                    // no level
        };
        var mismatch = (byte[])full.Clone();
        mismatch[44] = 2; // union discriminant differs from Level
        data.Add(15, mismatch);
        var huge = (byte[])full.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(huge.AsSpan(4), 0x7FFFFFFF);  // max_count
        BinaryPrimitives.WriteUInt32LittleEndian(huge.AsSpan(12), 0x7FFFFFFF); // actual_count
        data.Add(15, huge);
        var unterminated = (byte[])full.Clone();
        unterminated[38] = (byte)'x'; // the NUL of \\127.0.0.1
        data.Add(15, unterminated);
        return data;
    }

    private static byte[] ShareEnumRequest(uint level, uint preferredMaximumLength, uint? resume, bool container = true)
    {
        var w = new NdrWriter();
        if (w.WritePointer(true)) w.WriteConformantVaryingString(@"\\127.0.0.1");
        w.WriteUInt32(level);
        w.WriteUInt32(level);
        if (container && w.WritePointer(true))
        {
            w.WriteUInt32(0);
            w.WritePointer(false);
        }
        w.WriteUInt32(preferredMaximumLength);
        if (w.WritePointer(resume.HasValue)) w.WriteUInt32(resume!.Value);
        return w.WrittenSpan.ToArray();
    }

    private static byte[] ShareGetInfoRequest(string name, uint level)
    {
        var w = new NdrWriter();
        w.WritePointer(false);
        w.WriteConformantVaryingString(name);
        w.WriteUInt32(level);
        return w.WrittenSpan.ToArray();
    }

    private static byte[] ServerLevelRequest(uint level)
    {
        var w = new NdrWriter();
        if (w.WritePointer(true)) w.WriteConformantVaryingString("FILESERVER");
        w.WriteUInt32(level);
        return w.WrittenSpan.ToArray();
    }

    [Fact]
    public void WindowsPathFollowsSambaConvention()
    {
        Assert.Equal(@"C:\srv\data", new ShareInfo("d", ShareType.DiskTree, "", "/srv/data").WindowsPath);
        Assert.Equal("", new ShareInfo("IPC$", ShareType.Ipc, "", "").WindowsPath);
    }
}
