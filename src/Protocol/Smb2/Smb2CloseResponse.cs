using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 CLOSE Response (MS-SMB2 2.2.16). Without <see cref="Smb2CloseFlags.PostqueryAttrib"/> the
/// times, sizes and attributes are all 0.
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (60)  2  Flags  4  Reserved (4)
///  8  CreationTime  16  LastAccessTime  24  LastWriteTime  32  ChangeTime
/// 40  AllocationSize  48  EndofFile  56  FileAttributes (4)
/// </code>
/// </remarks>
public readonly record struct Smb2CloseResponse(
    Smb2CloseFlags Flags,
    long CreationTime,
    long LastAccessTime,
    long LastWriteTime,
    long ChangeTime,
    long AllocationSize,
    long EndOfFile,
    uint FileAttributes)
{
    public const ushort StructureSize = 60;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2CloseResponse response, out NtStatus error)
    {
        response = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        response = new Smb2CloseResponse(
            Flags: (Smb2CloseFlags)BinaryPrimitives.ReadUInt16LittleEndian(body[2..]),
            CreationTime: BinaryPrimitives.ReadInt64LittleEndian(body[8..]),
            LastAccessTime: BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            LastWriteTime: BinaryPrimitives.ReadInt64LittleEndian(body[24..]),
            ChangeTime: BinaryPrimitives.ReadInt64LittleEndian(body[32..]),
            AllocationSize: BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
            EndOfFile: BinaryPrimitives.ReadInt64LittleEndian(body[48..]),
            FileAttributes: BinaryPrimitives.ReadUInt32LittleEndian(body[56..]));
        return true;
    }

    public int Write(Span<byte> message, int bodyOffset)
    {
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], (ushort)Flags);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], CreationTime);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], LastAccessTime);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], LastWriteTime);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], ChangeTime);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], AllocationSize);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], EndOfFile);
        BinaryPrimitives.WriteUInt32LittleEndian(body[56..], FileAttributes);
        return StructureSize;
    }
}
