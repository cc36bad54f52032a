using Protocol.Dcerpc;
using Protocol.Dcerpc.Srvsvc;
using static Protocol.Tests.Dcerpc.DcerpcTestClient;

namespace Protocol.Tests.Dcerpc;

/// <summary>
/// PDUs captured from Samba's own DCE/RPC client (python3-samba 4.17, srvsvc over ncacn_ip_tcp, which carries the
/// same connection-oriented PDUs as a named pipe) talking to a DcerpcPipe, and replayed here.
/// </summary>
public class SambaClientTests
{
    /// <summary>bind, call_id 1, max frags 5840/5840, ctx 0 srvsvc v3.0 over NDR20, ctx 1 bind time features 0x03.</summary>
    private static readonly byte[] SambaBind = Convert.FromHexString(
        "05000B03100000007400000001000000D016D016000000000200000000000100C84F324B7016D30112785A47BF6EE188"
        + "03000000045D888AEB1CC9119FE808002B1048600200000001000100C84F324B7016D30112785A47BF6EE18803000000"
        + "2C1CB76C12984045030000000000000001000000");

    /// <summary>request, call_id 2, alloc_hint 0x48, ctx 0, opnum 15: NetShareEnumAll level 1 of \\127.0.0.1.</summary>
    private static readonly byte[] SambaNetShareEnumAll = Convert.FromHexString(
        "050000031000000060000000020000004800000000000F00000002000C000000000000000C0000005C005C0031003200"
        + "37002E0030002E0030002E00310000000100000001000000040002000000000000000000FFFFFFFF0800020000000000");

    [Fact]
    public void SambaClientBindAndNetShareEnumAll()
    {
        var pipe = new DcerpcPipe("srvsvc", [new SrvsvcInterface(new TestSources())]);
        Assert.Equal(NtStatus.Success, pipe.Write(SambaBind));
        var ack = ParseBindAck(ReadSingle(pipe));
        Assert.Equal(1u, ack.CallId);
        Assert.Equal(4280, ack.MaxXmit);
        Assert.Equal(4280, ack.MaxRecv);
        Assert.Equal(@"\PIPE\srvsvc", ack.SecondaryAddress);
        Assert.Equal([new ContextResult(0, 0, Ndr20, 2), new ContextResult(3, 0x02, Guid.Empty, 0)], ack.Results);

        Assert.Equal(NtStatus.Success, pipe.Write(SambaNetShareEnumAll));
        Assert.Equal(SambaFixtures.NetShareEnumAllLevel1Response, ReassembleResponse(ReadAll(pipe), 2, 0));
    }
}
