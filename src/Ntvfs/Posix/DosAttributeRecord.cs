using System.Buffers.Binary;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>
/// The value of the <see cref="DosAttributes.XattrName"/> extended attribute: our own small format,
/// deliberately not Samba's "user.DOSATTRIB" (an NDR blob with its own versions), so that a share
/// served by both never has one server misread the other's data.
/// </summary>
/// <remarks>
/// Layout, little-endian, 16 bytes (version 1):
/// <code>
///  0       2       4               8                               16
///  | Version | Flags | FileAttributes | CreationTime (FILETIME)       |
/// </code>
/// Flags bit 0 (<see cref="FlagCreationTime"/>): CreationTime is stored (else it is 0 and the
/// creation time comes from the file system). FileAttributes holds only the attributes a client can
/// set (<see cref="DosAttributes.StoredAttributes"/>). A reader accepts a longer value of the same
/// version (fields appended later) and treats another version as absent.
/// </remarks>
public readonly record struct DosAttributeRecord(FileAttributes Attributes, long? CreationTime)
{
    public const ushort CurrentVersion = 1;
    public const int Size = 16;
    public const ushort FlagCreationTime = 0x0001;

    private const int VersionOffset = 0;
    private const int FlagsOffset = 2;
    private const int AttributesOffset = 4;
    private const int CreationTimeOffset = 8;

    /// <summary>
    /// Parses a stored value. Errors: shorter than <see cref="Size"/> is DATA_ERROR (corrupt);
    /// another version is NOT_SUPPORTED (written by a newer server).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out DosAttributeRecord record, out NtStatus error)
    {
        record = default;
        if (value.Length < Size)
        {
            error = NtStatus.DataError;
            return false;
        }
        if (BinaryPrimitives.ReadUInt16LittleEndian(value[VersionOffset..]) != CurrentVersion)
        {
            error = NtStatus.NotSupported;
            return false;
        }
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(value[FlagsOffset..]);
        var attributes = (FileAttributes)BinaryPrimitives.ReadUInt32LittleEndian(value[AttributesOffset..]);
        long creation = BinaryPrimitives.ReadInt64LittleEndian(value[CreationTimeOffset..]);
        record = new DosAttributeRecord(attributes, (flags & FlagCreationTime) != 0 ? creation : null);
        error = NtStatus.Success;
        return true;
    }

    /// <summary>Writes the 16-byte value; <paramref name="destination"/> must hold <see cref="Size"/> bytes.</summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
            throw new ArgumentException($"Need {Size} bytes.", nameof(destination));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[VersionOffset..], CurrentVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[FlagsOffset..],
            CreationTime.HasValue ? FlagCreationTime : (ushort)0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[AttributesOffset..], (uint)Attributes);
        BinaryPrimitives.WriteInt64LittleEndian(destination[CreationTimeOffset..], CreationTime ?? 0);
    }
}
