using System.Buffers.Binary;
using System.Text;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 QUERY_DIRECTORY Request (MS-SMB2 2.2.33).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (33)  2  FileInformationClass (1)  3  Flags (1)  4  FileIndex
///  8  FileId (16)  24  FileNameOffset (2)  26  FileNameLength (2)  28  OutputBufferLength
/// 32  Buffer: the search pattern in UTF-16LE
/// </code>
/// </remarks>
public readonly record struct Smb2QueryDirectoryRequest(
    byte FileInformationClass,
    Smb2QueryDirectoryFlags Flags,
    uint FileIndex,
    Smb2FileId FileId,
    ushort FileNameOffset,
    ushort FileNameLength,
    uint OutputBufferLength)
{
    public const ushort StructureSize = 33;

    public static int FileNameStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2QueryDirectoryRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        ushort nameOffset = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
        ushort nameLength = BinaryPrimitives.ReadUInt16LittleEndian(body[26..]);
        if ((nameLength & 1) != 0 || !Smb2Wire.IsValidBuffer(message.Length, FileNameStart(bodyOffset), nameOffset, nameLength))
            return Smb2Wire.Invalid(out error);
        request = new Smb2QueryDirectoryRequest(
            FileInformationClass: body[2],
            Flags: (Smb2QueryDirectoryFlags)body[3],
            FileIndex: BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            FileId: Smb2FileId.Read(body[8..]),
            FileNameOffset: nameOffset,
            FileNameLength: nameLength,
            OutputBufferLength: BinaryPrimitives.ReadUInt32LittleEndian(body[28..]));
        return true;
    }

    /// <summary>The search pattern as UTF-16LE bytes.</summary>
    public ReadOnlySpan<byte> GetFileName(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, FileNameOffset, FileNameLength);

    public string GetFileNameString(ReadOnlySpan<byte> message) => Encoding.Unicode.GetString(GetFileName(message));

    /// <summary>Writes the body with <paramref name="fileName"/> in UTF-16LE; the name fields of this value are computed. Returns the body length.</summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<char> fileName)
    {
        int nameLength = Encoding.Unicode.GetByteCount(fileName);
        int bodyLength = Smb2Wire.BodyLength(StructureSize, nameLength);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        int nameOffset = FileNameStart(bodyOffset);
        body[2] = FileInformationClass;
        body[3] = (byte)Flags;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], FileIndex);
        FileId.Write(body[8..]);
        BinaryPrimitives.WriteUInt16LittleEndian(body[24..], Smb2Wire.CheckedUInt16(nameOffset, "FileNameOffset"));
        BinaryPrimitives.WriteUInt16LittleEndian(body[26..], Smb2Wire.CheckedUInt16(nameLength, "FileNameLength"));
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], OutputBufferLength);
        Smb2Wire.WritePadIfEmpty(message, nameOffset, nameLength, StructureSize);
        Encoding.Unicode.GetBytes(fileName, message[nameOffset..]);
        return bodyLength;
    }
}
