using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 CHANGE_NOTIFY Request (MS-SMB2 2.2.35).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (32)  2  Flags  4  OutputBufferLength  8  FileId (16)
/// 24  CompletionFilter (FILE_NOTIFY_CHANGE_*)  28  Reserved
/// </code>
/// </remarks>
public readonly record struct Smb2ChangeNotifyRequest(
    Smb2ChangeNotifyFlags Flags,
    uint OutputBufferLength,
    Smb2FileId FileId,
    uint CompletionFilter)
{
    public const ushort StructureSize = 32;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2ChangeNotifyRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        request = new Smb2ChangeNotifyRequest(
            (Smb2ChangeNotifyFlags)BinaryPrimitives.ReadUInt16LittleEndian(body[2..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            Smb2FileId.Read(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[24..]));
        return true;
    }

    public int Write(Span<byte> message, int bodyOffset)
    {
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], OutputBufferLength);
        FileId.Write(body[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], CompletionFilter);
        return StructureSize;
    }
}
