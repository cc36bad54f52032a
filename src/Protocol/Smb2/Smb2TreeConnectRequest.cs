using System.Buffers.Binary;
using System.Text;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 TREE_CONNECT Request (MS-SMB2 2.2.9).
/// </summary>
/// <remarks>
/// <code>
/// 0  StructureSize (9)  2  Flags/Reserved  4  PathOffset (2)  6  PathLength (2)
/// 8  Buffer: the share path "\\server\share" in UTF-16LE, not NUL-terminated
///    (SMB 3.1.1 with ExtensionPresent: first the 2.2.9.1 extension:
///     TreeConnectContextOffset (4), TreeConnectContextCount (2), Reserved (10), PathName ...)
/// </code>
/// The extension is only read, not interpreted: its context fields are kept raw and nothing is read
/// through them. With the extension present the path may not overlap it.
/// </remarks>
public readonly record struct Smb2TreeConnectRequest(
    Smb2TreeConnectFlags Flags,
    ushort PathOffset,
    ushort PathLength,
    uint TreeConnectContextOffset,
    ushort TreeConnectContextCount)
{
    public const ushort StructureSize = 9;

    /// <summary>Size of the SMB2 TREE_CONNECT Request Extension (2.2.9.1) before its PathName.</summary>
    public const int ExtensionSize = 16;

    public static int PathStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2TreeConnectRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        var flags = (Smb2TreeConnectFlags)BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        ushort pathOffset = BinaryPrimitives.ReadUInt16LittleEndian(body[4..]);
        ushort pathLength = BinaryPrimitives.ReadUInt16LittleEndian(body[6..]);

        int bufferStart = PathStart(bodyOffset);
        uint contextOffset = 0;
        ushort contextCount = 0;
        if ((flags & Smb2TreeConnectFlags.ExtensionPresent) != 0)
        {
            if (message.Length - bufferStart < ExtensionSize) return Smb2Wire.Invalid(out error);
            contextOffset = BinaryPrimitives.ReadUInt32LittleEndian(message[bufferStart..]);
            contextCount = BinaryPrimitives.ReadUInt16LittleEndian(message[(bufferStart + 4)..]);
            bufferStart += ExtensionSize;
        }
        // MS-SMB2 3.3.5.7: a path that is not a UTF-16 string fails with STATUS_INVALID_PARAMETER.
        if ((pathLength & 1) != 0 || !Smb2Wire.IsValidBuffer(message.Length, bufferStart, pathOffset, pathLength))
            return Smb2Wire.Invalid(out error);

        request = new Smb2TreeConnectRequest(flags, pathOffset, pathLength, contextOffset, contextCount);
        return true;
    }

    /// <summary>The path as UTF-16LE bytes.</summary>
    public ReadOnlySpan<byte> GetPath(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, PathOffset, PathLength);

    public string GetPathString(ReadOnlySpan<byte> message) => Encoding.Unicode.GetString(GetPath(message));

    /// <summary>
    /// Writes the body without the 3.1.1 extension (Flags may not have ExtensionPresent) and
    /// <paramref name="path"/> in UTF-16LE; the path and context fields of this value are computed.
    /// Returns the body length.
    /// </summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<char> path)
    {
        if ((Flags & Smb2TreeConnectFlags.ExtensionPresent) != 0)
            throw new ArgumentException("Writing the TREE_CONNECT request extension is not supported.");
        int pathLength = Encoding.Unicode.GetByteCount(path);
        int bodyLength = Smb2Wire.BodyLength(StructureSize, pathLength);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        int pathOffset = PathStart(bodyOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], (ushort)Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], Smb2Wire.CheckedUInt16(pathOffset, "PathOffset"));
        BinaryPrimitives.WriteUInt16LittleEndian(body[6..], Smb2Wire.CheckedUInt16(pathLength, "PathLength"));
        Smb2Wire.WritePadIfEmpty(message, pathOffset, pathLength, StructureSize);
        Encoding.Unicode.GetBytes(path, message[pathOffset..]);
        return bodyLength;
    }
}
