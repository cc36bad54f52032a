using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 ERROR Response (MS-SMB2 2.2.2): the body of any response whose Status is an error (and of
/// the interim STATUS_PENDING response).
/// </summary>
/// <remarks>
/// <code>
/// 0  StructureSize (9)  2  ErrorContextCount (1)  3  Reserved (1)  4  ByteCount (4)
/// 8  ErrorData (ByteCount bytes; at least one byte on the wire even when ByteCount is 0)
/// </code>
/// With ErrorContextCount 0, ErrorData is command specific (STATUS_BUFFER_TOO_SMALL: the required
/// size; STATUS_STOPPED_ON_SYMLINK: a Symbolic Link Error Response); otherwise it holds error contexts.
/// </remarks>
public readonly record struct Smb2ErrorResponse(byte ErrorContextCount, uint ByteCount, int ErrorDataOffset)
{
    public const ushort StructureSize = 9;

    public static int ErrorDataStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    /// <summary>Bytes of the smallest error response, header included: 64 + 9.</summary>
    public const int MinimumMessageLength = Smb2Header.Size + StructureSize;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2ErrorResponse response, out NtStatus error)
    {
        response = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        byte contextCount = body[2];
        uint byteCount = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        int dataOffset = ErrorDataStart(bodyOffset);
        if (byteCount > message.Length - dataOffset
            || !Smb2ErrorContextList.TryValidate(message, dataOffset, (int)byteCount, contextCount, out error))
            return Smb2Wire.Invalid(out error);
        response = new Smb2ErrorResponse(contextCount, byteCount, dataOffset);
        error = NtStatus.Success;
        return true;
    }

    public ReadOnlySpan<byte> GetErrorData(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, ErrorDataOffset, ByteCount);

    /// <summary>The error contexts (SMB 3.1.1), when ErrorContextCount is not 0.</summary>
    public Smb2ErrorContextList.Enumerable GetErrorContexts(ReadOnlySpan<byte> message)
        => Smb2ErrorContextList.Read(message, ErrorDataOffset, (int)ByteCount, ErrorContextCount);

    /// <summary>
    /// Writes the body with <paramref name="errorData"/>; ByteCount and ErrorDataOffset of this value are
    /// computed. An empty ErrorData still takes one zero byte on the wire (MS-SMB2 2.2.2). Returns the body length.
    /// </summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> errorData = default)
    {
        int bodyLength = Smb2Wire.BodyLength(StructureSize, errorData.Length);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        body[2] = ErrorContextCount;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)errorData.Length);
        Smb2Wire.WriteBuffer(message, ErrorDataStart(bodyOffset), errorData, StructureSize);
        return bodyLength;
    }
}
