using Protocol.Dcerpc.Ndr;

namespace Protocol.Dcerpc.Wkssvc;

/// <summary>
/// The wkssvc interface (MS-WKST, 6bffd098-a112-3610-9833-46c3f87e345a v1.0) on the \PIPE\wkssvc named pipe:
/// NetrWkstaGetInfo only. Other opnums answer nca_s_op_rng_error.
/// </summary>
public sealed class WkssvcInterface(IWkssvcSource source) : IDcerpcInterface
{
    public static readonly Guid InterfaceUuid = new("6bffd098-a112-3610-9833-46c3f87e345a");

    public Guid Uuid => InterfaceUuid;
    public ushort MajorVersion => 1;
    public ushort MinorVersion => 0;
    public string Name => "wkssvc";

    public DcerpcCallResult Call(ushort opnum, ReadOnlySpan<byte> stubData, NdrWriter response) => opnum switch
    {
        NetrWkstaGetInfo.Opnum => NetrWkstaGetInfo.Invoke(source, stubData, response),
        _ => DcerpcCallResult.UnknownOpnum,
    };
}
