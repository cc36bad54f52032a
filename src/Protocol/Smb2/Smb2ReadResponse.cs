using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// SMB2 READ Response (MS-SMB2 2.2.20).
/// </summary>
/// <remarks>
/// <code>
/// 0  StructureSize (17)  2  DataOffset (1)  3  Reserved (1)  4  DataLength
/// 8  DataRemaining  12  Flags/Reserved2  16  Buffer (the data)
/// </code>
/// DataOffset is one byte: the data must start within the first 256 bytes of the message.
/// </remarks>
public readonly record struct Smb2ReadResponse(byte DataOffset, uint DataLength, uint DataRemaining, uint Flags)
{
    public const ushort StructureSize = 17;

    /// <summary>Where the data goes: 80 for a body at 64, so a backend can read straight into the response.</summary>
    public static int DataStart(int bodyOffset) => bodyOffset + Smb2Wire.FixedLength(StructureSize);

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2ReadResponse response, out NtStatus error)
    {
        response = default;
        if (!Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out var body, out error)) return false;
        byte dataOffset = body[2];
        uint dataLength = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        if (!Smb2Wire.IsValidBuffer(message.Length, DataStart(bodyOffset), dataOffset, dataLength))
            return Smb2Wire.Invalid(out error);
        response = new Smb2ReadResponse(dataOffset, dataLength,
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[12..]));
        return true;
    }

    public ReadOnlySpan<byte> GetData(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, DataOffset, DataLength);

    /// <summary>Writes the body with a copy of <paramref name="data"/>; returns the body length.</summary>
    public int Write(Span<byte> message, int bodyOffset, ReadOnlySpan<byte> data)
    {
        int bodyLength = WriteFixedPart(message, bodyOffset, data.Length);
        data.CopyTo(message[DataStart(bodyOffset)..]);
        return bodyLength;
    }

    /// <summary>
    /// Writes the body around <paramref name="dataLength"/> bytes the caller placed (or will place) at
    /// <see cref="DataStart"/>; DataOffset and DataLength of this value are computed. Returns the body length.
    /// </summary>
    public int WriteFixedPart(Span<byte> message, int bodyOffset, int dataLength)
    {
        int dataOffset = DataStart(bodyOffset);
        if (dataOffset > byte.MaxValue) throw new ArgumentException("READ response DataOffset must fit in one byte.", nameof(bodyOffset));
        int bodyLength = Smb2Wire.BodyLength(StructureSize, dataLength);
        var body = Smb2Wire.BeginBody(message, bodyOffset, StructureSize, bodyLength);
        body[2] = (byte)dataOffset;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)dataLength);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], DataRemaining);
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], Flags);
        Smb2Wire.WritePadIfEmpty(message, dataOffset, dataLength, StructureSize);
        return bodyLength;
    }
}
