using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 CREATE Response (MS-SMB2 2.2.14).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (89)  2  OplockLevel (1)  3  Flags (1)  4  CreateAction
///  8  CreationTime  16  LastAccessTime  24  LastWriteTime  32  ChangeTime   (FILETIME, 8 each)
/// 40  AllocationSize (8)  48  EndofFile (8)  56  FileAttributes  60  Reserved2
/// 64  FileId (16)  80  CreateContextsOffset (4)  84  CreateContextsLength (4)
/// 88  Buffer: create contexts
/// </code>
/// </remarks>
public readonly record struct Smb2CreateResponse(
    Smb2OplockLevel OplockLevel,
    Smb2CreateResponseFlags Flags,
    Smb2CreateAction CreateAction,
    long CreationTime,
    long LastAccessTime,
    long LastWriteTime,
    long ChangeTime,
    long AllocationSize,
    long EndOfFile,
    uint FileAttributes,
    Smb2FileId FileId,
    uint CreateContextsOffset,
    uint CreateContextsLength)
{
    public const ushort StructureSize = 89;

    /// <summary>Where the create contexts go: 8-byte aligned when the body is (152 for a body at 64).</summary>
    public static int CreateContextsStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2CreateResponse response, out NtStatus error)
    {
        response = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        uint contextsOffset = BinaryPrimitives.ReadUInt32LittleEndian(body[80..]);
        uint contextsLength = BinaryPrimitives.ReadUInt32LittleEndian(body[84..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, CreateContextsStart(bodyOffset), contextsOffset, contextsLength)
            || !Smb2CreateContextList.TryValidate(message, contextsOffset, contextsLength, out error))
            return Smb2Wire.Invalid(out error);

        response = new Smb2CreateResponse(
            OplockLevel: (Smb2OplockLevel)body[2],
            Flags: (Smb2CreateResponseFlags)body[3],
            CreateAction: (Smb2CreateAction)BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            CreationTime: BinaryPrimitives.ReadInt64LittleEndian(body[8..]),
            LastAccessTime: BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            LastWriteTime: BinaryPrimitives.ReadInt64LittleEndian(body[24..]),
            ChangeTime: BinaryPrimitives.ReadInt64LittleEndian(body[32..]),
            AllocationSize: BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
            EndOfFile: BinaryPrimitives.ReadInt64LittleEndian(body[48..]),
            FileAttributes: BinaryPrimitives.ReadUInt32LittleEndian(body[56..]),
            FileId: Smb2FileId.Read(body[64..]),
            CreateContextsOffset: contextsOffset,
            CreateContextsLength: contextsLength);
        error = NtStatus.Success;
        return true;
    }

    public Smb2CreateContextList.Enumerable GetCreateContexts(ReadOnlySpan<byte> message)
        => Smb2CreateContextList.Read(message, (int)CreateContextsOffset, (int)CreateContextsLength);

    /// <summary>Writes the body with a copy of the encoded <paramref name="createContexts"/>; returns the body length.</summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> createContexts = default)
    {
        int start = CreateContextsStart(bodyOffset);
        int bodyLength = WriteFixedPart(message, bodyOffset, createContexts.Length);
        createContexts.CopyTo(message[start..]);
        return bodyLength;
    }

    /// <summary>
    /// Writes the body around create contexts the caller already built in place at
    /// <see cref="CreateContextsStart"/> (e.g. with <see cref="Smb2CreateContextWriter"/>); returns the body length.
    /// </summary>
    public int WriteFixedPart(Span<byte> message, int bodyOffset, int createContextsLength)
    {
        int start = CreateContextsStart(bodyOffset);
        int bodyLength = Smb2Wire.BodyLength(StructureSize, createContextsLength);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        body[2] = (byte)OplockLevel;
        body[3] = (byte)Flags;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)CreateAction);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], CreationTime);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], LastAccessTime);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], LastWriteTime);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], ChangeTime);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], AllocationSize);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], EndOfFile);
        BinaryPrimitives.WriteUInt32LittleEndian(body[56..], FileAttributes);
        FileId.Write(body[64..]);
        // No contexts: offset and length both 0, as Windows sends them.
        BinaryPrimitives.WriteUInt32LittleEndian(body[80..], createContextsLength == 0 ? 0 : (uint)start);
        BinaryPrimitives.WriteUInt32LittleEndian(body[84..], (uint)createContextsLength);
        Smb2Wire.WritePadIfEmpty(message, start, createContextsLength, StructureSize);
        return bodyLength;
    }
}
