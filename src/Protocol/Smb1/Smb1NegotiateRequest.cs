using System.Buffers.Binary;
using System.Text;

namespace Protocol.Smb1;

/// <summary>
/// SMB_COM_NEGOTIATE request (MS-CIFS 2.2.4.52.1), the only SMB1 message the server reads: a client
/// that offers "SMB 2.002" or "SMB 2.???" gets an SMB2 NEGOTIATE response (MS-SMB2 3.3.5.3.1).
/// </summary>
/// <remarks>
/// <code>
///  0  SMB header (32)   32  WordCount (1) = 0   33  ByteCount (2)
/// 35  Dialects: { BufferFormat 0x02, OEM string, NUL } ...
/// </code>
/// </remarks>
public readonly record struct Smb1NegotiateRequest(
    byte Flags,
    ushort Flags2,
    uint ProcessId,
    ushort TreeId,
    ushort UserId,
    ushort MultiplexId,
    int DialectsOffset,
    int DialectsLength,
    int DialectCount,
    bool OffersSmb2002,
    bool OffersSmb2Wildcard)
{
    /// <summary>Header, WordCount and ByteCount in front of the dialects.</summary>
    public const int DialectsStart = Smb1Header.Size + 3;

    /// <summary>MS-CIFS 2.2.4.52.1: BufferFormat before each dialect string.</summary>
    public const byte DialectBufferFormat = 0x02;

    /// <summary>The dialect string of SMB 2.0.2.</summary>
    public static ReadOnlySpan<byte> Smb2002Dialect => "SMB 2.002"u8;

    /// <summary>The dialect string asking for any SMB2 dialect above 2.0.2.</summary>
    public static ReadOnlySpan<byte> Smb2WildcardDialect => "SMB 2.???"u8;

    /// <summary>
    /// Parses an SMB1 NEGOTIATE at the start of <paramref name="message"/>: the 0xFF 'SMB' header with
    /// command 0x72, WordCount 0, ByteCount inside the message and a list of at least one dialect, each
    /// 0x02 and a NUL-terminated string, filling ByteCount exactly. Anything else: InvalidParameter.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out Smb1NegotiateRequest request, out NtStatus error)
    {
        request = default;
        if (message.Length < DialectsStart || !Smb1Header.HasProtocolId(message)
            || message[Smb1Header.CommandOffset] != Smb1Header.CommandNegotiate
            || message[Smb1Header.Size] != 0)
            return Invalid(out error);
        int byteCount = BinaryPrimitives.ReadUInt16LittleEndian(message[(Smb1Header.Size + 1)..]);
        if (byteCount < 2 || byteCount > message.Length - DialectsStart) return Invalid(out error);

        var dialects = message.Slice(DialectsStart, byteCount);
        int count = 0;
        bool smb2002 = false, wildcard = false;
        var rest = dialects;
        while (!rest.IsEmpty)
        {
            if (rest[0] != DialectBufferFormat) return Invalid(out error);
            int nul = rest[1..].IndexOf((byte)0);
            if (nul < 0) return Invalid(out error);
            var name = rest.Slice(1, nul);
            smb2002 |= name.SequenceEqual(Smb2002Dialect);
            wildcard |= name.SequenceEqual(Smb2WildcardDialect);
            count++;
            rest = rest[(nul + 2)..];
        }

        request = new Smb1NegotiateRequest(
            Flags: message[Smb1Header.FlagsOffset],
            Flags2: BinaryPrimitives.ReadUInt16LittleEndian(message[Smb1Header.Flags2Offset..]),
            ProcessId: (uint)BinaryPrimitives.ReadUInt16LittleEndian(message[Smb1Header.PidHighOffset..]) << 16
                       | BinaryPrimitives.ReadUInt16LittleEndian(message[Smb1Header.PidLowOffset..]),
            TreeId: BinaryPrimitives.ReadUInt16LittleEndian(message[Smb1Header.TidOffset..]),
            UserId: BinaryPrimitives.ReadUInt16LittleEndian(message[Smb1Header.UidOffset..]),
            MultiplexId: BinaryPrimitives.ReadUInt16LittleEndian(message[Smb1Header.MidOffset..]),
            DialectsOffset: DialectsStart,
            DialectsLength: byteCount,
            DialectCount: count,
            OffersSmb2002: smb2002,
            OffersSmb2Wildcard: wildcard);
        error = NtStatus.Success;
        return true;
    }

    /// <summary>The dialect strings in the client's order (least preferred first), without 0x02 and NUL.</summary>
    public DialectEnumerator GetDialects(ReadOnlySpan<byte> message) => new(message.Slice(DialectsOffset, DialectsLength));

    public bool OffersDialect(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dialect)
    {
        foreach (var name in GetDialects(message))
            if (name.SequenceEqual(dialect)) return true;
        return false;
    }

    /// <summary>
    /// Writes a request offering <paramref name="dialects"/> (ASCII) with this value's header fields;
    /// returns its length. For test clients: the server never sends one.
    /// </summary>
    public int Write(Span<byte> destination, ReadOnlySpan<string> dialects)
    {
        int byteCount = 0;
        foreach (var d in dialects) byteCount += d.Length + 2;
        if (byteCount > ushort.MaxValue) throw new ArgumentException("Too many dialects.", nameof(dialects));
        int length = DialectsStart + byteCount;
        if (destination.Length < length) throw new ArgumentException($"The request needs {length} bytes.", nameof(destination));

        destination[..DialectsStart].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Smb1Header.ProtocolIdValue);
        destination[Smb1Header.CommandOffset] = Smb1Header.CommandNegotiate;
        destination[Smb1Header.FlagsOffset] = Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[Smb1Header.Flags2Offset..], Flags2);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[Smb1Header.PidHighOffset..], (ushort)(ProcessId >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[Smb1Header.TidOffset..], TreeId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[Smb1Header.PidLowOffset..], (ushort)ProcessId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[Smb1Header.UidOffset..], UserId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[Smb1Header.MidOffset..], MultiplexId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[(Smb1Header.Size + 1)..], (ushort)byteCount);
        int position = DialectsStart;
        foreach (var d in dialects)
        {
            destination[position++] = DialectBufferFormat;
            position += Encoding.ASCII.GetBytes(d, destination[position..]);
            destination[position++] = 0;
        }
        return length;
    }

    private static bool Invalid(out NtStatus error)
    {
        error = NtStatus.InvalidParameter;
        return false;
    }

    /// <summary>Walks a dialect list; stops at the first entry that is not well formed.</summary>
    public ref struct DialectEnumerator
    {
        private ReadOnlySpan<byte> _rest;

        public DialectEnumerator(ReadOnlySpan<byte> dialects) => _rest = dialects;

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly DialectEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_rest.IsEmpty || _rest[0] != DialectBufferFormat) return false;
            int nul = _rest[1..].IndexOf((byte)0);
            if (nul < 0) return false;
            Current = _rest.Slice(1, nul);
            _rest = _rest[(nul + 2)..];
            return true;
        }
    }
}
