namespace Protocol.Smb2;

/// <summary>
/// SMB2 FLUSH Request (MS-SMB2 2.2.17).
/// </summary>
/// <remarks>
/// <code>
/// 0  StructureSize (24)  2  Reserved1 (2)  4  Reserved2 (4)  8  FileId (16)
/// </code>
/// </remarks>
public readonly record struct Smb2FlushRequest(Smb2FileId FileId)
{
    public const ushort StructureSize = 24;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2FlushRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        request = new Smb2FlushRequest(Smb2FileId.Read(body[8..]));
        return true;
    }

    public int Write(Span<byte> message, int bodyOffset)
    {
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        FileId.Write(body[8..]);
        return StructureSize;
    }
}
