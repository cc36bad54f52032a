using System.Buffers.Binary;

namespace Protocol.Dcerpc;

/// <summary>
/// p_syntax_id_t (C706 12.6.3.1): an interface or transfer syntax UUID and its version. On the wire the 32-bit
/// if_version carries the major version in its low 16 bits and the minor version in its high 16 bits.
/// </summary>
public readonly record struct DcerpcSyntaxId(Guid Uuid, ushort MajorVersion, ushort MinorVersion)
{
    public const int Size = 20;

    /// <summary>NDR 2.0 transfer syntax 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0 (C706 appendix I).</summary>
    public static readonly DcerpcSyntaxId Ndr20 = new(new Guid("8a885d04-1ceb-11c9-9fe8-08002b104860"), 2, 0);

    /// <summary>NDR64 transfer syntax 71710533-beba-4937-8319-b5dbef9ccc36 v1.0 (MS-RPCE); not served.</summary>
    public static readonly DcerpcSyntaxId Ndr64 = new(new Guid("71710533-beba-4937-8319-b5dbef9ccc36"), 1, 0);

    /// <summary>The all-zero syntax a rejected or negotiate_ack result carries.</summary>
    public static readonly DcerpcSyntaxId Null = default;

    // MS-RPCE 3.3.1.5.3: the first 8 octets (wire order) of a bind time feature negotiation syntax, 6cb71c2c-9812-4540.
    private static ReadOnlySpan<byte> FeatureNegotiationPrefix => [0x2C, 0x1C, 0xB7, 0x6C, 0x12, 0x98, 0x40, 0x45];

    /// <summary>
    /// MS-RPCE 3.3.1.5.3: a transfer syntax whose UUID starts with 6cb71c2c-9812-4540, version 1.0, is a bind time
    /// feature negotiation offer; the next 8 octets are BindTimeFeatureNegotiationBitmask (2.2.2.14), of which only
    /// the first octet is defined.
    /// </summary>
    public bool TryGetFeatureNegotiationBitmask(out byte bitmask)
    {
        Span<byte> bytes = stackalloc byte[16];
        Uuid.TryWriteBytes(bytes);
        bitmask = bytes[8];
        return bytes[..8].SequenceEqual(FeatureNegotiationPrefix) && MajorVersion == 1 && MinorVersion == 0;
    }

    /// <summary>Reads 20 octets; the UUID's integer fields are little-endian (the caller has checked drep).</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out DcerpcSyntaxId syntax)
    {
        if (buffer.Length < Size)
        {
            syntax = default;
            return false;
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(buffer.Slice(16, 4));
        syntax = new DcerpcSyntaxId(new Guid(buffer[..16]), (ushort)version, (ushort)(version >> 16));
        return true;
    }

    public void Write(Span<byte> destination)
    {
        Uuid.TryWriteBytes(destination[..16]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(16, 4), (uint)MajorVersion | ((uint)MinorVersion << 16));
    }

    public override string ToString() => $"{Uuid}/{MajorVersion}.{MinorVersion}";
}
