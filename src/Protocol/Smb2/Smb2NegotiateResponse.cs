using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 NEGOTIATE Response (MS-SMB2 2.2.4).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (65)  2  SecurityMode  4  DialectRevision  6  NegotiateContextCount/Reserved
///  8  ServerGuid (16)
/// 24  Capabilities        28  MaxTransactSize   32  MaxReadSize   36  MaxWriteSize
/// 40  SystemTime (8)      48  ServerStartTime (8)
/// 56  SecurityBufferOffset (2)  58  SecurityBufferLength (2)  60  NegotiateContextOffset/Reserved2 (4)
/// 64  Buffer (security buffer), padding, NegotiateContextList (8-byte aligned)
/// </code>
/// The negotiate context fields mean something only when DialectRevision is 0x0311; otherwise they
/// are read as 0.
/// </remarks>
public readonly record struct Smb2NegotiateResponse(
    Smb2SecurityMode SecurityMode,
    Smb2Dialect DialectRevision,
    ushort NegotiateContextCount,
    Guid ServerGuid,
    Smb2Capabilities Capabilities,
    uint MaxTransactSize,
    uint MaxReadSize,
    uint MaxWriteSize,
    long SystemTime,
    long ServerStartTime,
    ushort SecurityBufferOffset,
    ushort SecurityBufferLength,
    uint NegotiateContextOffset)
{
    public const ushort StructureSize = 65;

    /// <summary>Where <see cref="Write"/> puts the security buffer.</summary>
    public static int SecurityBufferStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2NegotiateResponse response, out NtStatus error)
    {
        response = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;

        int bufferStart = SecurityBufferStart(bodyOffset);
        ushort securityOffset = BinaryPrimitives.ReadUInt16LittleEndian(body[56..]);
        ushort securityLength = BinaryPrimitives.ReadUInt16LittleEndian(body[58..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, bufferStart, securityOffset, securityLength))
            return Smb2Wire.Invalid(out error);

        var dialect = (Smb2Dialect)BinaryPrimitives.ReadUInt16LittleEndian(body[4..]);
        ushort contextCount = 0;
        uint contextOffset = 0;
        if (dialect == Smb2Dialect.Smb311)
        {
            contextCount = BinaryPrimitives.ReadUInt16LittleEndian(body[6..]);
            contextOffset = BinaryPrimitives.ReadUInt32LittleEndian(body[60..]);
            if (!Smb2NegotiateContextList.TryValidate(message, contextOffset, contextCount, bufferStart, out error))
                return false;
        }

        response = new Smb2NegotiateResponse(
            SecurityMode: (Smb2SecurityMode)BinaryPrimitives.ReadUInt16LittleEndian(body[2..]),
            DialectRevision: dialect,
            NegotiateContextCount: contextCount,
            ServerGuid: new Guid(body.Slice(8, 16)),
            Capabilities: (Smb2Capabilities)BinaryPrimitives.ReadUInt32LittleEndian(body[24..]),
            MaxTransactSize: BinaryPrimitives.ReadUInt32LittleEndian(body[28..]),
            MaxReadSize: BinaryPrimitives.ReadUInt32LittleEndian(body[32..]),
            MaxWriteSize: BinaryPrimitives.ReadUInt32LittleEndian(body[36..]),
            SystemTime: BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
            ServerStartTime: BinaryPrimitives.ReadInt64LittleEndian(body[48..]),
            SecurityBufferOffset: securityOffset,
            SecurityBufferLength: securityLength,
            NegotiateContextOffset: contextOffset);
        error = NtStatus.Success;
        return true;
    }

    public ReadOnlySpan<byte> GetSecurityBuffer(ReadOnlySpan<byte> message)
        => Smb2Wire.Slice(message, SecurityBufferOffset, SecurityBufferLength);

    /// <summary>The negotiate contexts (DialectRevision 0x0311 only; empty otherwise).</summary>
    public Smb2NegotiateContextList.Enumerable GetNegotiateContexts(ReadOnlySpan<byte> message)
        => Smb2NegotiateContextList.Read(message, (int)NegotiateContextOffset, NegotiateContextCount);

    /// <summary>
    /// Writes the body: the fixed part from this value, <paramref name="securityBuffer"/> right after
    /// it and <paramref name="negotiateContexts"/> at the next 8-byte boundary. The offset, length and
    /// count fields of this value are ignored and computed. Returns the body length.
    /// </summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> securityBuffer,
        ReadOnlySpan<Smb2NegotiateContextData> negotiateContexts = default)
    {
        int securityOffset = SecurityBufferStart(bodyOffset);
        int end = bodyOffset + Smb2Wire.BodyLength(StructureSize, securityBuffer.Length);
        int contextOffset = 0;
        if (!negotiateContexts.IsEmpty)
        {
            contextOffset = Smb2Wire.Align8(securityOffset + securityBuffer.Length);
            end = contextOffset + Smb2NegotiateContextList.GetLength(negotiateContexts);
        }

        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, end - bodyOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], (ushort)SecurityMode);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], (ushort)DialectRevision);
        BinaryPrimitives.WriteUInt16LittleEndian(body[6..], (ushort)negotiateContexts.Length);
        ServerGuid.TryWriteBytes(body.Slice(8, 16));
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], (uint)Capabilities);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], MaxTransactSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], MaxReadSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], MaxWriteSize);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], SystemTime);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], ServerStartTime);
        BinaryPrimitives.WriteUInt16LittleEndian(body[56..], Smb2Wire.CheckedUInt16(securityOffset, "SecurityBufferOffset"));
        BinaryPrimitives.WriteUInt16LittleEndian(body[58..], Smb2Wire.CheckedUInt16(securityBuffer.Length, "SecurityBufferLength"));
        BinaryPrimitives.WriteUInt32LittleEndian(body[60..], (uint)contextOffset);
        Smb2Wire.WriteBuffer(message, securityOffset, securityBuffer, StructureSize);
        if (!negotiateContexts.IsEmpty)
        {
            int afterBuffer = securityOffset + Math.Max(securityBuffer.Length, 1);
            if (afterBuffer < contextOffset) message[afterBuffer..contextOffset].Clear();
            Smb2NegotiateContextList.Write(message, contextOffset, negotiateContexts);
        }
        return end - bodyOffset;
    }
}
