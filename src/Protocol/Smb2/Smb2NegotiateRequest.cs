using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 NEGOTIATE Request (MS-SMB2 2.2.3).
/// </summary>
/// <remarks>
/// <code>
///  0  StructureSize (36)   2  DialectCount   4  SecurityMode   6  Reserved
///  8  Capabilities
/// 12  ClientGuid (16)
/// 28  3.1.1 offered: NegotiateContextOffset (4), NegotiateContextCount (2), Reserved2 (2)
///     otherwise:     ClientStartTime (8), reserved, ignored
/// 36  Dialects (2 * DialectCount), padding, NegotiateContextList (8-byte aligned)
/// </code>
/// The negotiate context fields are read only when the Dialects offer 0x0311, as the spec defines them
/// only then; otherwise they are 0.
/// </remarks>
public readonly record struct Smb2NegotiateRequest(
    ushort DialectCount,
    Smb2SecurityMode SecurityMode,
    Smb2Capabilities Capabilities,
    Guid ClientGuid,
    uint NegotiateContextOffset,
    ushort NegotiateContextCount,
    int DialectsOffset)
{
    public const ushort StructureSize = 36;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2NegotiateRequest request, out NtStatus error)
    {
        request = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;

        ushort dialectCount = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        int dialectsOffset = bodyOffset + StructureSize;
        // MS-SMB2 3.3.5.4: a DialectCount of 0 fails with STATUS_INVALID_PARAMETER.
        if (dialectCount == 0 || (long)dialectCount * 2 > message.Length - dialectsOffset)
            return Smb2Wire.Invalid(out error);

        bool offers311 = false;
        for (int i = 0; i < dialectCount; i++)
            offers311 |= BinaryPrimitives.ReadUInt16LittleEndian(message[(dialectsOffset + 2 * i)..]) == (ushort)Smb2Dialect.Smb311;

        uint contextOffset = 0;
        ushort contextCount = 0;
        if (offers311)
        {
            contextOffset = BinaryPrimitives.ReadUInt32LittleEndian(body[28..]);
            contextCount = BinaryPrimitives.ReadUInt16LittleEndian(body[32..]);
            if (!Smb2NegotiateContextList.TryValidate(message, contextOffset, contextCount,
                    dialectsOffset + 2 * dialectCount, out error))
                return false;
        }

        request = new Smb2NegotiateRequest(
            DialectCount: dialectCount,
            SecurityMode: (Smb2SecurityMode)BinaryPrimitives.ReadUInt16LittleEndian(body[4..]),
            Capabilities: (Smb2Capabilities)BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            ClientGuid: new Guid(body.Slice(12, 16)),
            NegotiateContextOffset: contextOffset,
            NegotiateContextCount: contextCount,
            DialectsOffset: dialectsOffset);
        error = NtStatus.Success;
        return true;
    }

    /// <summary>The dialect at <paramref name="index"/> (0 &lt;= index &lt; DialectCount).</summary>
    public Smb2Dialect GetDialect(ReadOnlySpan<byte> message, int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)DialectCount, nameof(index));
        return (Smb2Dialect)BinaryPrimitives.ReadUInt16LittleEndian(message[(DialectsOffset + 2 * index)..]);
    }

    public bool OffersDialect(ReadOnlySpan<byte> message, Smb2Dialect dialect)
    {
        for (int i = 0; i < DialectCount; i++)
            if (GetDialect(message, i) == dialect) return true;
        return false;
    }

    /// <summary>The negotiate contexts (SMB 3.1.1); empty when 0x0311 is not offered.</summary>
    public Smb2NegotiateContextList.Enumerable GetNegotiateContexts(ReadOnlySpan<byte> message)
        => Smb2NegotiateContextList.Read(message, (int)NegotiateContextOffset, NegotiateContextCount);

    /// <summary>
    /// Writes the body at <paramref name="bodyOffset"/>: the fixed part from this value, then
    /// <paramref name="dialects"/> and, when given, <paramref name="negotiateContexts"/> at the next
    /// 8-byte boundary. DialectCount, NegotiateContextOffset/Count and DialectsOffset of this value are
    /// ignored and computed. Returns the body length.
    /// </summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<Smb2Dialect> dialects,
        ReadOnlySpan<Smb2NegotiateContextData> negotiateContexts = default)
    {
        if (dialects.IsEmpty) throw new ArgumentException("A NEGOTIATE request offers at least one dialect.", nameof(dialects));
        int dialectsOffset = bodyOffset + StructureSize;
        int end = dialectsOffset + 2 * dialects.Length;
        int contextOffset = 0;
        if (!negotiateContexts.IsEmpty)
        {
            contextOffset = Smb2Wire.Align8(end);
            end = contextOffset + Smb2NegotiateContextList.GetLength(negotiateContexts);
        }

        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, end - bodyOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], Smb2Wire.CheckedUInt16(dialects.Length, "DialectCount"));
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], (ushort)SecurityMode);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], (uint)Capabilities);
        ClientGuid.TryWriteBytes(body.Slice(12, 16));
        for (int i = 0; i < dialects.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(message[(dialectsOffset + 2 * i)..], (ushort)dialects[i]);
        if (!negotiateContexts.IsEmpty)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body[28..], (uint)contextOffset);
            BinaryPrimitives.WriteUInt16LittleEndian(body[32..], (ushort)negotiateContexts.Length);
            message[(dialectsOffset + 2 * dialects.Length)..contextOffset].Clear();
            Smb2NegotiateContextList.Write(message, contextOffset, negotiateContexts);
        }
        return end - bodyOffset;
    }
}
