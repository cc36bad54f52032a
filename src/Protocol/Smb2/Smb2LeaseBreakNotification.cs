using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 Lease Break Notification, sent by the server (MS-SMB2 2.2.23.2).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (44)  2  NewEpoch (2)  4  Flags  8  LeaseKey (16)
/// 24  CurrentLeaseState  28  NewLeaseState  32  BreakReason  36  AccessMaskHint  40  ShareMaskHint
/// </code>
/// </remarks>
public readonly record struct Smb2LeaseBreakNotification(
    ushort NewEpoch,
    Smb2LeaseBreakFlags Flags,
    Guid LeaseKey,
    Smb2LeaseState CurrentLeaseState,
    Smb2LeaseState NewLeaseState,
    uint BreakReason,
    uint AccessMaskHint,
    uint ShareMaskHint)
{
    public const ushort StructureSize = 44;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2LeaseBreakNotification value, out NtStatus error)
    {
        value = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        value = new Smb2LeaseBreakNotification(
            NewEpoch: BinaryPrimitives.ReadUInt16LittleEndian(body[2..]),
            Flags: (Smb2LeaseBreakFlags)BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            LeaseKey: new Guid(body.Slice(8, 16)),
            CurrentLeaseState: (Smb2LeaseState)BinaryPrimitives.ReadUInt32LittleEndian(body[24..]),
            NewLeaseState: (Smb2LeaseState)BinaryPrimitives.ReadUInt32LittleEndian(body[28..]),
            BreakReason: BinaryPrimitives.ReadUInt32LittleEndian(body[32..]),
            AccessMaskHint: BinaryPrimitives.ReadUInt32LittleEndian(body[36..]),
            ShareMaskHint: BinaryPrimitives.ReadUInt32LittleEndian(body[40..]));
        return true;
    }

    public int Write(Span<byte> message, int bodyOffset)
    {
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], NewEpoch);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)Flags);
        LeaseKey.TryWriteBytes(body.Slice(8, 16));
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], (uint)CurrentLeaseState);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], (uint)NewLeaseState);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], BreakReason);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], AccessMaskHint);
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], ShareMaskHint);
        return StructureSize;
    }
}
