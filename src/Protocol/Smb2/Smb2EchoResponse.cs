namespace Protocol.Smb2;

/// <summary>
/// SMB2 ECHO Response (MS-SMB2 2.2.29): StructureSize (4) and 2 reserved bytes.
/// </summary>
public readonly record struct Smb2EchoResponse
{
    public const ushort StructureSize = 4;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2EchoResponse value, out NtStatus error)
    {
        value = default;
        return Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out _, out error);
    }

    /// <summary>Writes the body at <paramref name="bodyOffset"/>; returns its length.</summary>
    public int Write(Span<byte> message, int bodyOffset)
    {
        Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        return StructureSize;
    }
}
