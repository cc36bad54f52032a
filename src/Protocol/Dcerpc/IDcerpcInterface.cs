using Protocol.Dcerpc.Ndr;

namespace Protocol.Dcerpc;

/// <summary>
/// One RPC interface served on a pipe (srvsvc, wkssvc, ...). A <see cref="DcerpcPipe"/> binds presentation contexts
/// to it by UUID and version and hands it each reassembled request.
/// </summary>
public interface IDcerpcInterface
{
    /// <summary>The interface UUID clients name as abstract syntax in bind.</summary>
    Guid Uuid { get; }
    ushort MajorVersion { get; }
    ushort MinorVersion { get; }
    /// <summary>A short name for logs, e.g. "srvsvc".</summary>
    string Name { get; }

    /// <summary>
    /// Runs operation <paramref name="opnum"/> on the NDR 2.0 request stub and writes the response stub to
    /// <paramref name="response"/> (already reset). Called on the pipe owner's thread. Malformed stubs and unknown
    /// opnums are answered with a fault result, never an exception; on a fault, whatever was written is discarded.
    /// </summary>
    DcerpcCallResult Call(ushort opnum, ReadOnlySpan<byte> stubData, NdrWriter response);
}
