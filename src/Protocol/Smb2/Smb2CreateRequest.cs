using System.Buffers.Binary;
using System.Text;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 CREATE Request (MS-SMB2 2.2.13).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (57)  2  SecurityFlags (1)  3  RequestedOplockLevel (1)  4  ImpersonationLevel
///  8  SmbCreateFlags (8)  16  Reserved (8)
/// 24  DesiredAccess  28  FileAttributes  32  ShareAccess  36  CreateDisposition  40  CreateOptions
/// 44  NameOffset (2)  46  NameLength (2)  48  CreateContextsOffset (4)  52  CreateContextsLength (4)
/// 56  Buffer: Name (UTF-16LE), padding, create contexts (8-byte aligned)
/// </code>
/// </remarks>
public readonly record struct Smb2CreateRequest(
    byte SecurityFlags,
    Smb2OplockLevel RequestedOplockLevel,
    Smb2ImpersonationLevel ImpersonationLevel,
    ulong SmbCreateFlags,
    uint DesiredAccess,
    uint FileAttributes,
    Smb2ShareAccess ShareAccess,
    Smb2CreateDisposition CreateDisposition,
    Smb2CreateOptions CreateOptions,
    ushort NameOffset,
    ushort NameLength,
    uint CreateContextsOffset,
    uint CreateContextsLength)
{
    public const ushort StructureSize = 57;

    public static int NameStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2CreateRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        int bufferStart = NameStart(bodyOffset);
        ushort nameOffset = BinaryPrimitives.ReadUInt16LittleEndian(body[44..]);
        ushort nameLength = BinaryPrimitives.ReadUInt16LittleEndian(body[46..]);
        uint contextsOffset = BinaryPrimitives.ReadUInt32LittleEndian(body[48..]);
        uint contextsLength = BinaryPrimitives.ReadUInt32LittleEndian(body[52..]);

        // The name is UTF-16: an odd length cannot be one (MS-SMB2 3.3.5.9 fails it as invalid).
        if ((nameLength & 1) != 0 || !Smb2Wire.IsValidBuffer(message.Length, bufferStart, nameOffset, nameLength))
            return Smb2Wire.Invalid(out error);
        if (!Smb2Wire.IsValidBuffer(message.Length, bufferStart, contextsOffset, contextsLength)
            || !Smb2CreateContextList.TryValidate(message, contextsOffset, contextsLength, out error))
            return Smb2Wire.Invalid(out error);

        request = new Smb2CreateRequest(
            SecurityFlags: body[2],
            RequestedOplockLevel: (Smb2OplockLevel)body[3],
            ImpersonationLevel: (Smb2ImpersonationLevel)BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            SmbCreateFlags: BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            DesiredAccess: BinaryPrimitives.ReadUInt32LittleEndian(body[24..]),
            FileAttributes: BinaryPrimitives.ReadUInt32LittleEndian(body[28..]),
            ShareAccess: (Smb2ShareAccess)BinaryPrimitives.ReadUInt32LittleEndian(body[32..]),
            CreateDisposition: (Smb2CreateDisposition)BinaryPrimitives.ReadUInt32LittleEndian(body[36..]),
            CreateOptions: (Smb2CreateOptions)BinaryPrimitives.ReadUInt32LittleEndian(body[40..]),
            NameOffset: nameOffset,
            NameLength: nameLength,
            CreateContextsOffset: contextsOffset,
            CreateContextsLength: contextsLength);
        error = NtStatus.Success;
        return true;
    }

    /// <summary>The file name as UTF-16LE bytes, relative to the share root; empty for the root.</summary>
    public ReadOnlySpan<byte> GetName(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, NameOffset, NameLength);

    public string GetNameString(ReadOnlySpan<byte> message) => Encoding.Unicode.GetString(GetName(message));

    public Smb2CreateContextList.Enumerable GetCreateContexts(ReadOnlySpan<byte> message)
        => Smb2CreateContextList.Read(message, (int)CreateContextsOffset, (int)CreateContextsLength);

    /// <summary>
    /// Writes the body: the fixed part from this value, <paramref name="name"/> in UTF-16LE and, when
    /// given, an encoded chain <paramref name="createContexts"/> (see <see cref="Smb2CreateContextWriter"/>)
    /// at the next 8-byte boundary. Name and context fields of this value are computed. Returns the body length.
    /// </summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<char> name, ReadOnlySpan<byte> createContexts = default)
    {
        int nameOffset = NameStart(bodyOffset);
        int nameLength = Encoding.Unicode.GetByteCount(name);
        int contextsOffset = createContexts.IsEmpty ? 0 : Smb2Wire.Align8(nameOffset + nameLength);
        int bodyLength = createContexts.IsEmpty
            ? Smb2Wire.BodyLength(StructureSize, nameLength)
            : contextsOffset + createContexts.Length - bodyOffset;

        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        body[2] = SecurityFlags;
        body[3] = (byte)RequestedOplockLevel;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)ImpersonationLevel);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], SmbCreateFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], DesiredAccess);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], FileAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], (uint)ShareAccess);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], (uint)CreateDisposition);
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], (uint)CreateOptions);
        BinaryPrimitives.WriteUInt16LittleEndian(body[44..], Smb2Wire.CheckedUInt16(nameOffset, "NameOffset"));
        BinaryPrimitives.WriteUInt16LittleEndian(body[46..], Smb2Wire.CheckedUInt16(nameLength, "NameLength"));
        BinaryPrimitives.WriteUInt32LittleEndian(body[48..], (uint)contextsOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(body[52..], (uint)createContexts.Length);

        Smb2Wire.WritePadIfEmpty(message, nameOffset, nameLength, StructureSize);
        Encoding.Unicode.GetBytes(name, message[nameOffset..]);
        if (!createContexts.IsEmpty)
        {
            int afterName = nameOffset + Math.Max(nameLength, 1);
            if (afterName < contextsOffset) message[afterName..contextsOffset].Clear();
            createContexts.CopyTo(message[contextsOffset..]);
        }
        return bodyLength;
    }
}
