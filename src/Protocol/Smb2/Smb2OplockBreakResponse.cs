namespace Protocol.Smb2;

/// <summary>
/// SMB2 Oplock Break Response, the server's answer to the acknowledgment (MS-SMB2 2.2.25.1).
/// </summary>
/// <remarks>
/// <code>
/// 0  StructureSize (24)  2  OplockLevel (1)  3  Reserved (1)  4  Reserved2 (4)  8  FileId (16)
/// </code>
/// The lease forms share the command code and differ in StructureSize; see <see cref="Smb2OplockBreak.TryClassify"/>.
/// </remarks>
public readonly record struct Smb2OplockBreakResponse(Smb2OplockLevel OplockLevel, Smb2FileId FileId)
{
    public const ushort StructureSize = 24;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2OplockBreakResponse value, out NtStatus error)
    {
        value = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        value = new Smb2OplockBreakResponse((Smb2OplockLevel)body[2], Smb2FileId.Read(body[8..]));
        return true;
    }

    public int Write(Span<byte> message, int bodyOffset)
    {
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        body[2] = (byte)OplockLevel;
        FileId.Write(body[8..]);
        return StructureSize;
    }
}
