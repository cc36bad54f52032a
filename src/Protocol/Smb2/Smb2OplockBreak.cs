using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// The OPLOCK_BREAK command carries oplock and lease forms under one command code (MS-SMB2 2.2.23-2.2.25,
/// 3.3.5.22); the StructureSize says which one a body is before the matching parser runs.
/// </summary>
public static class Smb2OplockBreak
{
    public static bool TryClassify(ReadOnlySpan<byte> message, int bodyOffset, out Smb2OplockBreakKind kind, out NtStatus error)
    {
        kind = default;
        if (bodyOffset < 0 || bodyOffset > message.Length - 2) return Smb2Wire.Invalid(out error);
        switch (BinaryPrimitives.ReadUInt16LittleEndian(message[bodyOffset..]))
        {
            case Smb2OplockBreakAcknowledgment.StructureSize: kind = Smb2OplockBreakKind.Oplock; break;
            case Smb2LeaseBreakAcknowledgment.StructureSize: kind = Smb2OplockBreakKind.Lease; break;
            case Smb2LeaseBreakNotification.StructureSize: kind = Smb2OplockBreakKind.LeaseNotification; break;
            default: return Smb2Wire.Invalid(out error);
        }
        error = NtStatus.Success;
        return true;
    }
}
