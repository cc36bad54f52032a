using System.Buffers.Binary;

namespace Protocol.Smb1;

/// <summary>
/// The SMB1 header (MS-CIFS 2.2.3.1), known only as far as the server needs it: to recognise the
/// SMB1 NEGOTIATE a client may open with and answer it in SMB2 (MS-SMB2 3.3.5.3.1).
/// </summary>
/// <remarks>
/// <code>
///  0  Protocol 0xFF 'S' 'M' 'B'   4  Command (1)   5  Status (4)   9  Flags (1)  10  Flags2 (2)
/// 12  PIDHigh (2)  14  SecurityFeatures (8)  22  Reserved (2)  24  TID (2)  26  PIDLow (2)
/// 28  UID (2)  30  MID (2)
/// </code>
/// </remarks>
public static class Smb1Header
{
    public const int Size = 32;

    /// <summary>0xFF 'S' 'M' 'B' as a little-endian uint.</summary>
    public const uint ProtocolIdValue = 0x424D53FF;

    /// <summary>SMB_COM_NEGOTIATE (MS-CIFS 2.2.4.52).</summary>
    public const byte CommandNegotiate = 0x72;

    public const int CommandOffset = 4;
    public const int FlagsOffset = 9;
    public const int Flags2Offset = 10;
    public const int PidHighOffset = 12;
    public const int TidOffset = 24;
    public const int PidLowOffset = 26;
    public const int UidOffset = 28;
    public const int MidOffset = 30;

    /// <summary>True if <paramref name="message"/> starts with the SMB1 ProtocolId 0xFF 'S' 'M' 'B'.</summary>
    public static bool HasProtocolId(ReadOnlySpan<byte> message)
        => message.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(message) == ProtocolIdValue;
}
