using System.Buffers.Binary;

namespace Ntvfs.Posix;

/// <summary>
/// The identity of a file on the server: (st_dev, st_ino). Its NT views are the 64-bit index number
/// (MS-FSCC 2.4.20 FileInternalInformation.IndexNumber, also the FileId of the directory information
/// classes) and the 128-bit FILE_ID_128 of FileIdInformation (MS-FSCC 2.4.21).
/// </summary>
/// <remarks>
/// The index number is the inode number alone: unique within one file system, which is the scope
/// MS-FSCC gives it (unique per volume). A share that spans mounts can repeat an index number on
/// another device; clients that care compare VolumeSerialNumber too, which differs per device.
/// Inode numbers are reused after deletion, as NTFS file reference numbers are (NTFS adds a
/// sequence number; Linux has no portable generation number to add).
/// </remarks>
public readonly record struct FileId(ulong Device, ulong Inode)
{
    /// <summary>MS-FSCC 2.4.20 IndexNumber.</summary>
    public ulong IndexNumber => Inode;

    /// <summary>
    /// MS-FSCC 2.4.21 FileIdInformation.FileId (FILE_ID_128), little-endian: the inode in the low
    /// 8 bytes, the device in the high 8, so it is unique across the mounts under one share.
    /// </summary>
    public void WriteFileId128(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Inode);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Device);
    }
}
