using Protocol.Dcerpc;
using Protocol.Dcerpc.Ndr;
using Protocol.Dcerpc.Wkssvc;
using static Protocol.Tests.Dcerpc.DcerpcTestClient;

namespace Protocol.Tests.Dcerpc;

public class WkssvcTests
{
    private readonly TestSources _sources = new();

    private DcerpcPipe BoundPipe()
    {
        var pipe = new DcerpcPipe("wkssvc", [new WkssvcInterface(_sources)]);
        BindTo(pipe, WkssvcSyntax);
        return pipe;
    }

    [Fact]
    public void NetWkstaGetInfo100MatchesSamba()
    {
        var stub = Call(BoundPipe(), 0, SambaFixtures.NetWkstaGetInfoLevel100Request);
        Assert.Equal(Convert.ToHexString(SambaFixtures.NetWkstaGetInfoLevel100Response), Convert.ToHexString(stub));

        var d = new TestStubDecoder(stub);
        Assert.Equal(100u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(500u, d.U32());
        Assert.True(d.Pointer());
        Assert.True(d.Pointer());
        Assert.Equal(6u, d.U32());
        Assert.Equal(1u, d.U32());
        Assert.Equal("FILESERVER", d.String());
        Assert.Equal("WORKGROUP", d.String());
        Assert.Equal(0u, d.U32());
        Assert.True(d.AtEnd);
    }

    [Fact]
    public void NetWkstaGetInfo101And102()
    {
        _sources.Workstation = new WkstaInfo("HOST", "DOMAIN", 10, 0, LoggedOnUsers: 3);
        var pipe = BoundPipe();

        var d = new TestStubDecoder(Call(pipe, 0, LevelRequest(101)));
        Assert.Equal(101u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(500u, d.U32());
        Assert.True(d.Pointer());
        Assert.True(d.Pointer());
        Assert.Equal(10u, d.U32());
        Assert.Equal(0u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(["HOST", "DOMAIN", ""], new[] { d.String(), d.String(), d.String() });
        Assert.Equal(0u, d.U32());
        Assert.True(d.AtEnd);

        d = new TestStubDecoder(Call(pipe, 0, LevelRequest(102)));
        Assert.Equal(102u, d.U32());
        Assert.True(d.Pointer());
        d.U32();
        d.Pointer();
        d.Pointer();
        d.U32();
        d.U32();
        d.Pointer();
        Assert.Equal(3u, d.U32());
        Assert.Equal(["HOST", "DOMAIN", ""], new[] { d.String(), d.String(), d.String() });
        Assert.Equal(0u, d.U32());
        Assert.True(d.AtEnd);
    }

    [Theory]
    [InlineData(502u, true)]
    [InlineData(5u, false)]
    public void UnsupportedLevelIsInvalidLevel(uint level, bool hasArm)
    {
        var d = new TestStubDecoder(Call(BoundPipe(), 0, LevelRequest(level)));
        Assert.Equal(level, d.U32());
        if (hasArm) Assert.False(d.Pointer());
        Assert.Equal(Win32Error.InvalidLevel, d.U32());
        Assert.True(d.AtEnd);
    }

    [Fact]
    public void OtherOpnumsAndBadStubsFault()
    {
        var pipe = BoundPipe();
        pipe.Write(Request(3, 0, 1, []));
        Assert.Equal(DcerpcFaultStatus.OpRangeError, ParseFault(ReadSingle(pipe)).Status);
        pipe.Write(Request(4, 0, 0, [1, 0, 0, 0]));
        Assert.Equal(DcerpcFaultStatus.FaultNdr, ParseFault(ReadSingle(pipe)).Status);
    }

    private static byte[] LevelRequest(uint level)
    {
        var w = new NdrWriter();
        w.WritePointer(false);
        w.WriteUInt32(level);
        return w.WrittenSpan.ToArray();
    }
}
