using System.Buffers.Binary;
using System.Text;

namespace Protocol.Ntlm;

/// <summary>
/// One AV_PAIR (MS-NLMP 2.2.2.1): AvId (2), AvLen (2), Value (AvLen bytes). Names are always
/// UTF-16LE, whatever the negotiated character set.
/// </summary>
public readonly record struct AvPair(AvId Id, byte[] Value)
{
    public const int HeaderSize = 4;

    public static AvPair FromString(AvId id, string value) => new(id, Encoding.Unicode.GetBytes(value));

    /// <summary>MsvAvTimestamp: a FILETIME, little-endian.</summary>
    public static AvPair FromTimestamp(ulong fileTime)
    {
        var value = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(value, fileTime);
        return new AvPair(AvId.MsvAvTimestamp, value);
    }

    public static AvPair FromFlags(MsvAvFlags flags)
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)flags);
        return new AvPair(AvId.MsvAvFlags, value);
    }

    public string ValueAsString() => Encoding.Unicode.GetString(Value);
}
