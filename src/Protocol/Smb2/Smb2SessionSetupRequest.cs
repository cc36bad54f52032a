using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 SESSION_SETUP Request (MS-SMB2 2.2.5).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (25)  2  Flags (1)  3  SecurityMode (1)  4  Capabilities
///  8  Channel            12  SecurityBufferOffset (2)  14  SecurityBufferLength (2)
/// 16  PreviousSessionId (8)
/// 24  Buffer (security buffer: SPNEGO/GSS token)
/// </code>
/// </remarks>
public readonly record struct Smb2SessionSetupRequest(
    Smb2SessionSetupFlags Flags,
    Smb2SecurityMode SecurityMode,
    Smb2Capabilities Capabilities,
    uint Channel,
    ushort SecurityBufferOffset,
    ushort SecurityBufferLength,
    ulong PreviousSessionId)
{
    public const ushort StructureSize = 25;

    public static int SecurityBufferStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2SessionSetupRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        ushort offset = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, SecurityBufferStart(bodyOffset), offset, length))
            return Smb2Wire.Invalid(out error);
        request = new Smb2SessionSetupRequest(
            Flags: (Smb2SessionSetupFlags)body[2],
            SecurityMode: (Smb2SecurityMode)body[3],
            Capabilities: (Smb2Capabilities)BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            Channel: BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            SecurityBufferOffset: offset,
            SecurityBufferLength: length,
            PreviousSessionId: BinaryPrimitives.ReadUInt64LittleEndian(body[16..]));
        return true;
    }

    public ReadOnlySpan<byte> GetSecurityBuffer(ReadOnlySpan<byte> message)
        => Smb2Wire.Slice(message, SecurityBufferOffset, SecurityBufferLength);

    /// <summary>Writes the body with <paramref name="securityBuffer"/> after the fixed part; the buffer fields of this value are computed. Returns the body length.</summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> securityBuffer)
    {
        int bodyLength = Smb2Wire.BodyLength(StructureSize, securityBuffer.Length);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        int bufferOffset = SecurityBufferStart(bodyOffset);
        body[2] = (byte)Flags;
        body[3] = (byte)SecurityMode;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)Capabilities);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], Channel);
        BinaryPrimitives.WriteUInt16LittleEndian(body[12..], Smb2Wire.CheckedUInt16(bufferOffset, "SecurityBufferOffset"));
        BinaryPrimitives.WriteUInt16LittleEndian(body[14..], Smb2Wire.CheckedUInt16(securityBuffer.Length, "SecurityBufferLength"));
        BinaryPrimitives.WriteUInt64LittleEndian(body[16..], PreviousSessionId);
        Smb2Wire.WriteBuffer(message, bufferOffset, securityBuffer, StructureSize);
        return bodyLength;
    }
}
