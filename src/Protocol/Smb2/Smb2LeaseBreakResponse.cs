using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 Lease Break Response, the server's answer to the acknowledgment (MS-SMB2 2.2.25.2).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (36)  2  Reserved (2)  4  Flags (4, reserved)  8  LeaseKey (16)
/// 24  LeaseState  28  LeaseDuration (8, reserved)
/// </code>
/// </remarks>
public readonly record struct Smb2LeaseBreakResponse(uint Flags, Guid LeaseKey, Smb2LeaseState LeaseState, ulong LeaseDuration)
{
    public const ushort StructureSize = 36;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2LeaseBreakResponse value, out NtStatus error)
    {
        value = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        value = new Smb2LeaseBreakResponse(
            BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            new Guid(body.Slice(8, 16)),
            (Smb2LeaseState)BinaryPrimitives.ReadUInt32LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[28..]));
        return true;
    }

    public int Write(Span<byte> message, int bodyOffset)
    {
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], Flags);
        LeaseKey.TryWriteBytes(body.Slice(8, 16));
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], (uint)LeaseState);
        BinaryPrimitives.WriteUInt64LittleEndian(body[28..], LeaseDuration);
        return StructureSize;
    }
}
