using Protocol.Dcerpc.Ndr;

namespace Protocol.Dcerpc.Srvsvc;

/// <summary>
/// The srvsvc interface (MS-SRVS, 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0) on the \PIPE\srvsvc named pipe: the
/// calls share browsing needs. Other opnums answer nca_s_op_rng_error.
/// </summary>
public sealed class SrvsvcInterface(ISrvsvcShareSource source) : IDcerpcInterface
{
    public static readonly Guid InterfaceUuid = new("4b324fc8-1670-01d3-1278-5a47bf6ee188");

    public Guid Uuid => InterfaceUuid;
    public ushort MajorVersion => 3;
    public ushort MinorVersion => 0;
    public string Name => "srvsvc";

    public DcerpcCallResult Call(ushort opnum, ReadOnlySpan<byte> stubData, NdrWriter response) => opnum switch
    {
        NetrShareEnum.Opnum => NetrShareEnum.Invoke(source, stubData, response),
        NetrShareGetInfo.Opnum => NetrShareGetInfo.Invoke(source, stubData, response),
        NetrServerGetInfo.Opnum => NetrServerGetInfo.Invoke(source, stubData, response),
        _ => DcerpcCallResult.UnknownOpnum,
    };
}
