using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 TREE_CONNECT Response (MS-SMB2 2.2.10).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (16)  2  ShareType (1)  3  Reserved (1)  4  ShareFlags
///  8  Capabilities       12  MaximalAccess
/// </code>
/// </remarks>
public readonly record struct Smb2TreeConnectResponse(
    Smb2ShareType ShareType,
    Smb2ShareFlags ShareFlags,
    Smb2ShareCapabilities Capabilities,
    uint MaximalAccess)
{
    public const ushort StructureSize = 16;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2TreeConnectResponse response, out NtStatus error)
    {
        response = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        response = new Smb2TreeConnectResponse(
            (Smb2ShareType)body[2],
            (Smb2ShareFlags)BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            (Smb2ShareCapabilities)BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[12..]));
        return true;
    }

    public int Write(Span<byte> message, int bodyOffset)
    {
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        body[2] = (byte)ShareType;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)ShareFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], (uint)Capabilities);
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], MaximalAccess);
        return StructureSize;
    }
}
