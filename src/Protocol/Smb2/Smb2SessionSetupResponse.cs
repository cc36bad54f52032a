using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 SESSION_SETUP Response (MS-SMB2 2.2.6).
/// </summary>
/// <remarks>
/// <code>
/// 0  StructureSize (9)  2  SessionFlags  4  SecurityBufferOffset (2)  6  SecurityBufferLength (2)
/// 8  Buffer (security buffer)
/// </code>
/// </remarks>
public readonly record struct Smb2SessionSetupResponse(
    Smb2SessionFlags SessionFlags,
    ushort SecurityBufferOffset,
    ushort SecurityBufferLength)
{
    public const ushort StructureSize = 9;

    public static int SecurityBufferStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2SessionSetupResponse response, out NtStatus error)
    {
        response = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        ushort offset = BinaryPrimitives.ReadUInt16LittleEndian(body[4..]);
        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(body[6..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, SecurityBufferStart(bodyOffset), offset, length))
            return Smb2Wire.Invalid(out error);
        response = new Smb2SessionSetupResponse(
            (Smb2SessionFlags)BinaryPrimitives.ReadUInt16LittleEndian(body[2..]), offset, length);
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
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], (ushort)SessionFlags);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], Smb2Wire.CheckedUInt16(bufferOffset, "SecurityBufferOffset"));
        BinaryPrimitives.WriteUInt16LittleEndian(body[6..], Smb2Wire.CheckedUInt16(securityBuffer.Length, "SecurityBufferLength"));
        Smb2Wire.WriteBuffer(message, bufferOffset, securityBuffer, StructureSize);
        return bodyLength;
    }
}
