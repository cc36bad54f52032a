using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 CLOSE Request (MS-SMB2 2.2.15).
/// </summary>
/// <remarks>
/// <code>
/// 0  StructureSize (24)  2  Flags  4  Reserved (4)  8  FileId (16)
/// </code>
/// </remarks>
public readonly record struct Smb2CloseRequest(Smb2CloseFlags Flags, Smb2FileId FileId)
{
    public const ushort StructureSize = 24;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2CloseRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        request = new Smb2CloseRequest(
            (Smb2CloseFlags)BinaryPrimitives.ReadUInt16LittleEndian(body[2..]),
            Smb2FileId.Read(body[8..]));
        return true;
    }

    public int Write(Span<byte> message, int bodyOffset)
    {
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], (ushort)Flags);
        FileId.Write(body[8..]);
        return StructureSize;
    }
}
