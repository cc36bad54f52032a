namespace Protocol.Smb2;

/// <summary>
/// One SMB2_CREATE_CONTEXT (MS-SMB2 2.2.13.2) as found in a message: where its Name and Data lie,
/// counted from the SMB2 header. The Data of each context is parsed by whoever handles that name.
/// </summary>
/// <remarks>
/// <code>
///  0  Next (4)  4  NameOffset (2)  6  NameLength (2)  8  Reserved (2)  10  DataOffset (2)
/// 12  DataLength (4)  16  Buffer: Name, padding, Data (8-byte aligned)
/// </code>
/// Next, NameOffset and DataOffset on the wire count from the start of the context itself.
/// </remarks>
public readonly record struct Smb2CreateContext(int NameOffset, int NameLength, int DataOffset, int DataLength)
{
    /// <summary>Next, NameOffset, NameLength, Reserved, DataOffset and DataLength in front of the Buffer.</summary>
    public const int HeaderSize = 16;

    public ReadOnlySpan<byte> GetName(ReadOnlySpan<byte> message) => message.Slice(NameOffset, NameLength);

    public ReadOnlySpan<byte> GetData(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, DataOffset, DataLength);

    /// <summary>True if the Name is exactly <paramref name="name"/> (see <see cref="Smb2CreateContextNames"/>).</summary>
    public bool NameIs(ReadOnlySpan<byte> message, ReadOnlySpan<byte> name) => GetName(message).SequenceEqual(name);
}
