using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_FS_VOLUME_INFORMATION (MS-FSCC 2.5).
/// <code>
///  0                    8                    12                  16                17         18
///  | VolumeCreationTime | VolumeSerialNumber | VolumeLabelLength | SupportsObjects | Reserved | VolumeLabel
/// </code>
/// Under <see cref="MinimumLength"/> (24: the structure with its first label character, padded to 8
/// bytes, the size Windows checks; smbtorture smb2.getinfo.qfs_buffercheck): STATUS_INFO_LENGTH_MISMATCH;
/// a label that does not fit is truncated to
/// whole characters with VolumeLabelLength still the full length, and STATUS_BUFFER_OVERFLOW
/// (MS-SMB2 3.3.5.20.2: partial variable-length data is returned with that status).
/// </summary>
public readonly record struct FileFsVolumeInformation(
    long VolumeCreationTime, uint VolumeSerialNumber, string VolumeLabel, bool SupportsObjects = false)
{
    public const int VolumeLabelOffset = 18;

    /// <summary>The smallest output buffer accepted: sizeof(FILE_FS_VOLUME_INFORMATION).</summary>
    public const int MinimumLength = 24;

    public NtStatus Write(Span<byte> output, out int written)
    {
        if (output.Length < MinimumLength)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        string label = VolumeLabel ?? string.Empty;
        BinaryPrimitives.WriteInt64LittleEndian(output, VolumeCreationTime);
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], VolumeSerialNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(output[12..], (uint)(label.Length * 2));
        output[16] = SupportsObjects ? (byte)1 : (byte)0;
        output[17] = 0;
        int fitChars = Math.Min(label.Length, (output.Length - VolumeLabelOffset) / 2);
        Utf16Le.Write(label.AsSpan(0, fitChars), output[VolumeLabelOffset..]);
        written = VolumeLabelOffset + fitChars * 2;
        return fitChars < label.Length ? NtStatus.BufferOverflow : NtStatus.Success;
    }
}
