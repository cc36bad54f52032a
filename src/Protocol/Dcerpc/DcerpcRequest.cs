using System.Buffers.Binary;

namespace Protocol.Dcerpc;

/// <summary>
/// The body of a request PDU (C706 12.6.4.9).
/// <code>
///  16 alloc_hint (4) | 20 p_cont_id (2) | 22 opnum (2) | 24 object UUID (16, only with PFC_OBJECT_UUID) | stub data
/// </code>
/// The stub runs to the end of the body; the caller has already cut off any auth verifier.
/// </summary>
public readonly ref struct DcerpcRequest
{
    public const int FixedSize = 8;
    private const int ObjectUuidSize = 16;

    public uint AllocHint { get; }
    public ushort ContextId { get; }
    public ushort Opnum { get; }
    public Guid? ObjectUuid { get; }
    public ReadOnlySpan<byte> StubData { get; }

    private DcerpcRequest(uint allocHint, ushort contextId, ushort opnum, Guid? objectUuid, ReadOnlySpan<byte> stubData)
    {
        AllocHint = allocHint;
        ContextId = contextId;
        Opnum = opnum;
        ObjectUuid = objectUuid;
        StubData = stubData;
    }

    public static bool TryParse(ReadOnlySpan<byte> body, DcerpcPfcFlags flags, out DcerpcRequest request, out NtStatus error)
    {
        request = default;
        int stubOffset = FixedSize + ((flags & DcerpcPfcFlags.ObjectUuid) != 0 ? ObjectUuidSize : 0);
        if (body.Length < stubOffset)
        {
            error = NtStatus.RpcProtocolError;
            return false;
        }
        Guid? objectUuid = stubOffset > FixedSize ? new Guid(body.Slice(FixedSize, ObjectUuidSize)) : null;
        request = new DcerpcRequest(
            BinaryPrimitives.ReadUInt32LittleEndian(body),
            BinaryPrimitives.ReadUInt16LittleEndian(body[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(body[6..]),
            objectUuid,
            body[stubOffset..]);
        error = NtStatus.Success;
        return true;
    }
}
