using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_ID_INFORMATION (MS-FSCC 2.4), 24 bytes: VolumeSerialNumber (8), then FileId (16, a FILE_ID_128).
/// The 64-bit file id fills the low 8 bytes of FileId, the high 8 are zero (how NTFS widens its ids).
/// MS-SMB2 3.3.5.20.1: only the SMB 3.x dialects may ask for it; that check is the caller's.
/// </summary>
public static class FileIdInformation
{
    public const int Size = 24;

    public static NtStatus Write(in FileMetadata m, ulong volumeSerialNumber, Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(output, volumeSerialNumber);
        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], m.IndexNumber);
        BinaryPrimitives.WriteUInt64LittleEndian(output[16..], 0);
        written = Size;
        return NtStatus.Success;
    }
}
