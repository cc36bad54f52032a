namespace Protocol.Smb2;

/// <summary>
/// One SMB2_NEGOTIATE_CONTEXT (MS-SMB2 2.2.3.1) as found in a message: its type and where its Data
/// lies, counted from the SMB2 header. The Data of each type is parsed by whoever needs that type.
/// </summary>
/// <remarks>
/// <code>
/// 0  ContextType (2)   2  DataLength (2)   4  Reserved (4)   8  Data (DataLength)
/// </code>
/// </remarks>
public readonly record struct Smb2NegotiateContext(Smb2NegotiateContextType ContextType, int DataOffset, int DataLength)
{
    /// <summary>ContextType, DataLength and Reserved in front of the Data.</summary>
    public const int HeaderSize = 8;

    public ReadOnlySpan<byte> GetData(ReadOnlySpan<byte> message) => message.Slice(DataOffset, DataLength);
}
