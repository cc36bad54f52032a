using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_FS_CONTROL_INFORMATION (MS-FSCC 2.5.2), 48 bytes: the volume's quota and content-indexing
/// control.
/// <code>
///  0                         8                    16                       24
///  | FreeSpaceStartFiltering | FreeSpaceThreshold | FreeSpaceStopFiltering | DefaultQuotaThreshold
/// 32                   40                       44
///  | DefaultQuotaLimit | FileSystemControlFlags | Padding
/// </code>
/// The three content-indexing fields SHOULD be 0; a default quota of all ones means none is set.
/// </summary>
public readonly record struct FileFsControlInformation(
    long FreeSpaceStartFiltering,
    long FreeSpaceThreshold,
    long FreeSpaceStopFiltering,
    ulong DefaultQuotaThreshold,
    ulong DefaultQuotaLimit,
    uint FileSystemControlFlags)
{
    public const int Size = 48;

    /// <summary>Default quota threshold or limit: none set (MS-FSCC 2.5.2).</summary>
    public const ulong NoQuota = ulong.MaxValue;

    /// <summary>FILE_VC_CONTENT_INDEX_DISABLED: content indexing is disabled.</summary>
    public const uint FileVcContentIndexDisabled = 0x00000008;

    /// <summary>
    /// A volume without quotas (neither tracked nor enforced, no default threshold or limit) and
    /// without content indexing: what a share that keeps no quotas reports.
    /// </summary>
    public static FileFsControlInformation NoQuotas { get; } = new(0, 0, 0, NoQuota, NoQuota, FileVcContentIndexDisabled);

    public NtStatus Write(Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        BinaryPrimitives.WriteInt64LittleEndian(output, FreeSpaceStartFiltering);
        BinaryPrimitives.WriteInt64LittleEndian(output[8..], FreeSpaceThreshold);
        BinaryPrimitives.WriteInt64LittleEndian(output[16..], FreeSpaceStopFiltering);
        BinaryPrimitives.WriteUInt64LittleEndian(output[24..], DefaultQuotaThreshold);
        BinaryPrimitives.WriteUInt64LittleEndian(output[32..], DefaultQuotaLimit);
        BinaryPrimitives.WriteUInt32LittleEndian(output[40..], FileSystemControlFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(output[44..], 0);
        written = Size;
        return NtStatus.Success;
    }
}
